package io.benchline.signup.messaging;

import io.benchline.events.ProvisioningFailed;
import io.benchline.events.TenantRequested;
import io.benchline.signup.status.SignupStatus;
import io.benchline.signup.status.StatusTransitions;
import io.benchline.signup.system.SignupProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each signup's status from the lifecycle events (all keyed by tenantId, so one task owns a tenant) and
 * enforces its deadline: a wall-clock punctuator finds signups whose {@code deadlineAt} plus grace has passed
 * without a terminal event, marks them failed and emits exactly one {@code ProvisioningFailed(TIMEOUT)} in the
 * same exactly-once transaction. A failed signup's subdomain is released so the customer can try again.
 */
final class StatusProcessor implements Processor<String, SpecificRecord, String, Object> {

    static final String STATUS_STORE = "signup-status";

    /** Open signups ordered by deadline: {@code <20-digit deadline millis>|<tenantId>} → tenantId. */
    static final String DEADLINE_STORE = "signup-deadlines";

    private final Clock clock;
    private final SignupProperties properties;
    private final SignupOutcomes outcomes;

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, SignupStatus> statuses;
    private KeyValueStore<String, String> deadlines;

    StatusProcessor(Clock clock, SignupProperties properties, SignupOutcomes outcomes) {
        this.clock = clock;
        this.properties = properties;
        this.outcomes = outcomes;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.statuses = context.getStateStore(STATUS_STORE);
        this.deadlines = context.getStateStore(DEADLINE_STORE);
        context.schedule(properties.deadlineSweepInterval(), PunctuationType.WALL_CLOCK_TIME, now -> sweep());
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        SignupStatus current = statuses.get(record.key());
        if (record.value() instanceof TenantRequested requested) {
            if (current == null) {
                SignupStatus accepted = StatusTransitions.accepted(requested);
                statuses.put(record.key(), accepted);
                deadlines.put(deadlineKey(accepted), record.key());
                emit(record.key(), accepted);
            }
            return;
        }
        if (current == null) {
            return; // not a signup this service accepted
        }
        StatusTransitions.apply(current, record.value()).ifPresent(this::store);
    }

    private void sweep() {
        Instant now = clock.instant();
        String upTo =
                String.format("%020d|~", now.minus(properties.deadlineGrace()).toEpochMilli());
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> overdue = deadlines.range(String.format("%020d", 0), upTo)) {
            overdue.forEachRemaining(due::add);
        }
        for (KeyValue<String, String> entry : due) {
            deadlines.delete(entry.key);
            SignupStatus status = statuses.get(entry.value);
            if (status == null || !StatusTransitions.isOverdue(status, now, properties.deadlineGrace())) {
                continue;
            }
            ProvisioningFailed timeout = StatusTransitions.deadlineExceeded(status, now);
            Optional<SignupStatus> failed = StatusTransitions.apply(status, timeout);
            emit(entry.value, timeout);
            failed.ifPresent(this::store);
        }
    }

    private void store(SignupStatus next) {
        String tenantId = next.tenantId().toString();
        statuses.put(tenantId, next);
        emit(tenantId, next);
        if (next.isTerminal()) {
            deadlines.delete(deadlineKey(next));
            outcomes.record(next);
        }
        if (next.phase() == SignupStatus.Phase.FAILED) {
            emit(next.subdomain(), ClaimCommand.release(next.tenantId(), next.subdomain()));
        }
    }

    private static String deadlineKey(SignupStatus status) {
        return String.format("%020d|%s", status.deadlineAt().toEpochMilli(), status.tenantId());
    }

    private void emit(String key, Object value) {
        context.forward(new Record<>(key, value, clock.millis(), new RecordHeaders()));
    }
}
