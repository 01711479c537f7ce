package io.benchline.operator.lifecycle;

import io.benchline.events.OperatorCommandIssued;
import io.benchline.operator.tenant.OperatorTopics;
import io.benchline.operator.tenant.TenantState;
import io.benchline.platform.kafka.streams.DueCheck;
import io.benchline.schemas.EventMetadata;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each tenant's {@link LifecycleState} (all inputs are keyed by tenantId, so one task owns a tenant), applies
 * every input through {@link TenantLifecycle}, and forwards what it emits, all in the same exactly-once transaction
 * as the store update. The store is the view's source: its changelog ({@link OperatorTopics#TENANT_STATES}) is what
 * every instance's view reads, and its cache writes one record per tenant per commit however many events changed
 * the tenant in between (a signup's progress events among them). A wall-clock punctuator walks the due index and
 * archives the sites of deprovisionings whose grace has ended; it is scheduled only while the task has one
 * ({@link DueCheck}), so an idle task never commits.
 */
final class LifecycleProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    static final String TENANT_STORE = OperatorTopics.TENANT_STORE;

    /** Deprovisionings by the end of their grace: {@code <20-digit millis>|<tenantId>} → tenantId. */
    static final String DUE_STORE = "lifecycle-deletions-due";

    private static final Logger log = LoggerFactory.getLogger(LifecycleProcessor.class);

    private final Clock clock;
    private final LifecycleProperties properties;
    private final TenantLifecycle lifecycle;
    private final LifecycleMetrics metrics;

    private ProcessorContext<String, SpecificRecord> context;
    private TenantStates tenants;
    private KeyValueStore<String, String> due;
    private DueCheck deletionCheck;

    LifecycleProcessor(Clock clock, LifecycleProperties properties, LifecycleMetrics metrics) {
        this.clock = clock;
        this.properties = properties;
        this.lifecycle = new TenantLifecycle(properties);
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.tenants = new TenantStates(context.getStateStore(TENANT_STORE));
        this.due = context.getStateStore(DUE_STORE);
        this.deletionCheck = new DueCheck(context, properties.checkInterval(), this::archiveDue);
        deletionCheck.plan(earliestDue(Instant.EPOCH), now()); // deprovisionings restored with the store
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        LifecycleState stored = tenants.get(record.key());
        if (stored == null && record.value() instanceof OperatorCommandIssued) {
            log.info("command for unknown tenant {} ignored", record.key());
            return; // the API only commands tenants it learnt of from this lifecycle's snapshots
        }
        Tenant tenant = stored == null ? new Tenant(record.key()) : Tenant.from(stored);
        TenantLifecycle.Outcome outcome;
        try {
            outcome = lifecycle.apply(tenant, record.value(), now());
        } catch (RuntimeException e) {
            // One event the rules cannot apply must not stop every tenant's lifecycle: it is logged (type and
            // eventId, never its content) and left out; the tenant's state stays as it was.
            log.error(
                    "tenant {}: {} {} not applied",
                    record.key(),
                    record.value().getClass().getSimpleName(),
                    EventMetadata.of(record.value()).eventId(),
                    e);
            return;
        }
        update(tenant, stored, outcome);
    }

    private void archiveDue() {
        Instant now = now();
        List<KeyValue<String, String>> passed = new ArrayList<>();
        try (KeyValueIterator<String, String> entries = due.range(dueKey(Instant.EPOCH, ""), dueKey(now, "~"))) {
            entries.forEachRemaining(passed::add);
        }
        for (KeyValue<String, String> entry : passed) {
            LifecycleState stored = tenants.get(entry.value);
            if (stored == null || stored.snapshot().tenantState() != TenantState.DEPROVISIONING) {
                due.delete(entry.key);
                continue;
            }
            Tenant tenant = Tenant.from(stored);
            update(tenant, stored, lifecycle.deletionDue(tenant, now));
        }
        // A deprovisioning past its grace that could not be archived yet (its SUSPEND still out) is not looked at
        // again on a timer: the event that makes it ready changes the tenant, and indexDeletion plans the check.
        deletionCheck.plan(earliestDue(now.plusMillis(1)), now());
    }

    /**
     * The first grace end at or after {@code from} (the due index is ordered by it). From the epoch when the task
     * starts: a grace that ended while the lifecycle was down is looked at once.
     */
    private Optional<Instant> earliestDue(Instant from) {
        try (KeyValueIterator<String, String> entries =
                due.range(dueKey(from, ""), dueKey(Instant.ofEpochMilli(Long.MAX_VALUE), "~"))) {
            return entries.hasNext()
                    ? Optional.of(Instant.ofEpochMilli(
                            Long.parseLong(entries.next().key.substring(0, 20))))
                    : Optional.empty();
        }
    }

    private void update(Tenant tenant, LifecycleState stored, TenantLifecycle.Outcome outcome) {
        if (!outcome.changed()) {
            return;
        }
        LifecycleState next = tenant.state();
        tenants.put(tenant.tenantId, next);
        indexDeletion(stored, tenant);
        for (SpecificRecord event : outcome.emitted()) {
            metrics.emitted(event);
            forward(tenant.tenantId, event);
        }
    }

    /** The due index holds a tenant exactly while it waits for its grace to end. */
    private void indexDeletion(LifecycleState stored, Tenant tenant) {
        if (stored != null && stored.snapshot().deletionDueAt() != null) {
            due.delete(dueKey(stored.snapshot().deletionDueAt(), tenant.tenantId));
        }
        if (TenantLifecycle.awaitsDeletion(tenant)) {
            due.put(dueKey(tenant.deletionDueAt, tenant.tenantId), tenant.tenantId);
            deletionCheck.plan(Optional.of(tenant.deletionDueAt), now());
        }
    }

    private void forward(String key, SpecificRecord value) {
        // Fresh headers: the input's CloudEvents headers must not travel on to what this service writes.
        context.forward(new Record<>(key, value, clock.millis(), new RecordHeaders()));
    }

    /** Events carry milliseconds: the snapshot shows the same instants as the events it emitted. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static String dueKey(Instant at, String tenantId) {
        return String.format("%020d|%s", at.toEpochMilli(), tenantId);
    }
}
