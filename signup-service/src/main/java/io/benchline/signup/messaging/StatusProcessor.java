package io.benchline.signup.messaging;

import io.benchline.events.EmailVerification;
import io.benchline.events.EmailVerificationStatus;
import io.benchline.events.LoginKeyRequested;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.TenantRequested;
import io.benchline.signup.handoff.EntryTicket;
import io.benchline.signup.status.SignupStatus;
import io.benchline.signup.status.StatusTransitions;
import io.benchline.signup.system.SignupProperties;
import io.benchline.signup.verification.EmailCodeRules;
import io.benchline.signup.verification.EmailCodeState;
import io.benchline.signup.verification.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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
 *
 * <p>The same task is the one place that decides a tenant's email verification and hand-off
 * ({@link TenantCommand}s keyed by tenantId): it checks codes against the kept hash, counts attempts, codes and
 * login keys, answers each command with a {@link TenantDecision}, writes {@code EmailVerification} and
 * {@code LoginKeyRequested}, and closes the verification window: an unverified signup fails (email_not_verified),
 * its {@code EmailVerification(EXPIRED)} has the site removed and its subdomain is released.
 */
final class StatusProcessor implements Processor<String, Object, String, Object> {

    static final String STATUS_STORE = "signup-status";

    /** Open signups ordered by deadline: {@code <20-digit deadline millis>|<tenantId>} → tenantId. */
    static final String DEADLINE_STORE = "signup-deadlines";

    /** Each tenant's {@link EmailCodeState}. */
    static final String VERIFICATION_STORE = "signup-verifications";

    /** Verification windows by end: {@code <20-digit millis>|<tenantId>} → tenantId. */
    static final String WINDOW_STORE = "signup-verification-windows";

    /** Each completed signup's {@link HandOffState}. */
    static final String HAND_OFF_STORE = "signup-hand-offs";

    private final Clock clock;
    private final SignupProperties properties;
    private final SignupOutcomes outcomes;

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, SignupStatus> statuses;
    private KeyValueStore<String, String> deadlines;
    private KeyValueStore<String, EmailCodeState> verifications;
    private KeyValueStore<String, String> windows;
    private KeyValueStore<String, HandOffState> handOffs;
    private final EmailCodeRules codeRules;

    StatusProcessor(Clock clock, SignupProperties properties, SignupOutcomes outcomes) {
        this.clock = clock;
        this.properties = properties;
        this.outcomes = outcomes;
        this.codeRules = new EmailCodeRules(properties.emailVerification());
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.statuses = context.getStateStore(STATUS_STORE);
        this.deadlines = context.getStateStore(DEADLINE_STORE);
        this.verifications = context.getStateStore(VERIFICATION_STORE);
        this.windows = context.getStateStore(WINDOW_STORE);
        this.handOffs = context.getStateStore(HAND_OFF_STORE);
        context.schedule(properties.deadlineSweepInterval(), PunctuationType.WALL_CLOCK_TIME, now -> {
            sweep();
            closeWindows();
        });
    }

    @Override
    public void process(Record<String, Object> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        if (record.value() instanceof TenantCommand command) {
            decide(record.key(), command, Instant.ofEpochMilli(record.timestamp()));
            return;
        }
        if (!(record.value() instanceof SpecificRecord event)) {
            return;
        }
        SignupStatus current = statuses.get(record.key());
        if (event instanceof TenantRequested requested) {
            if (current == null) {
                SignupStatus accepted = StatusTransitions.accepted(requested);
                statuses.put(record.key(), accepted);
                deadlines.put(deadlineKey(accepted), record.key());
                emit(record.key(), accepted);
                // The first code may have been recorded before the request reached this task.
                EmailCodeState code = verifications.get(record.key());
                if (code != null && !code.verified()) {
                    StatusTransitions.codeSent(accepted, code.codesSent(), requested.getOccurredAt())
                            .ifPresent(this::store);
                }
            }
            return;
        }
        if (current == null) {
            return; // not a signup this service accepted
        }
        StatusTransitions.apply(current, event).ifPresent(this::store);
    }

    private void decide(String tenantId, TenantCommand command, Instant at) {
        Instant now = clock.instant();
        switch (command.type()) {
            case ISSUE_CODE -> issue(tenantId, command, at);
            case CHECK_CODE -> {
                EmailCodeRules.Outcome outcome = codeRules.check(verifications.get(tenantId), command.codeHash(), now);
                if (outcome.state() != null) {
                    verifications.put(tenantId, outcome.state());
                }
                if (outcome.answer().verdict() == Verdict.VERIFIED) {
                    emit(tenantId, emailVerification(command.tenantId(), EmailVerificationStatus.VERIFIED, outcome));
                    SignupStatus status = statuses.get(tenantId);
                    if (status != null) {
                        StatusTransitions.emailVerified(status, now).ifPresent(this::store);
                    }
                }
                emit(command.requestId().toString(), TenantDecision.of(command, outcome.answer()));
            }
            case RESEND_CODE -> {
                EmailCodeRules.Outcome outcome = codeRules.resend(verifications.get(tenantId), command.codeHash(), now);
                if (outcome.state() != null) {
                    verifications.put(tenantId, outcome.state());
                    emit(tenantId, emailVerification(command.tenantId(), EmailVerificationStatus.CODE_SENT, outcome));
                    SignupStatus status = statuses.get(tenantId);
                    if (status != null) {
                        StatusTransitions.codeSent(status, outcome.state().codesSent(), now)
                                .ifPresent(this::store);
                    }
                }
                emit(command.requestId().toString(), TenantDecision.of(command, outcome.answer()));
            }
            case ENTER -> emit(command.requestId().toString(), enter(tenantId, command, now));
        }
    }

    /** The first code of a newly accepted signup; its window starts now. Repeated deliveries change nothing. */
    private void issue(String tenantId, TenantCommand command, Instant at) {
        if (verifications.get(tenantId) != null) {
            return;
        }
        EmailCodeState state = EmailCodeRules.issued(command.tenantId(), command.email(), command.codeHash(), at);
        verifications.put(tenantId, state);
        windows.put(timeKey(at.plus(properties.emailVerification().window()), tenantId), tenantId);
        emit(
                tenantId,
                emailVerification(
                        command.tenantId(),
                        EmailVerificationStatus.CODE_SENT,
                        new EmailCodeRules.Outcome(state, null)));
        SignupStatus status = statuses.get(tenantId);
        if (status != null) {
            StatusTransitions.codeSent(status, 1, at).ifPresent(this::store);
        }
    }

    /**
     * Which key one click of enterUrl may use: the one asked for ahead (first click), a fresh one asked for now (up
     * to {@code hand-off.max-keys} in all), or the login page once the keys or the hand-off window are used up.
     */
    private TenantDecision enter(String tenantId, TenantCommand command, Instant now) {
        SignupStatus status = statuses.get(tenantId);
        if (status == null || status.phase() != SignupStatus.Phase.COMPLETED) {
            return TenantDecision.entry(command, EntryTicket.Kind.NOT_READY, null, false);
        }
        SignupProperties.HandOff settings = properties.handOff();
        HandOffState handOff = handOffs.get(tenantId);
        if (handOff == null) {
            // Completed before hand-offs existed: enterable from now, with no key asked for ahead.
            handOff = new HandOffState(status.tenantId(), null, true, 0, now);
            handOffs.put(tenantId, handOff);
        }
        if (now.isAfter(handOff.enterableAt().plus(settings.window()))) {
            return TenantDecision.entry(command, EntryTicket.Kind.LOGIN_PAGE, null, false);
        }
        if (!handOff.aheadUsed()) {
            handOffs.put(
                    tenantId,
                    new HandOffState(
                            handOff.tenantId(),
                            handOff.aheadRequestId(),
                            true,
                            handOff.keysRequested(),
                            handOff.enterableAt()));
            return TenantDecision.entry(command, EntryTicket.Kind.KEY, handOff.aheadRequestId(), true);
        }
        if (handOff.keysRequested() >= settings.maxKeys()) {
            return TenantDecision.entry(command, EntryTicket.Kind.LOGIN_PAGE, null, false);
        }
        UUID keyRequest = UUID.randomUUID();
        handOffs.put(
                tenantId,
                new HandOffState(
                        handOff.tenantId(),
                        handOff.aheadRequestId(),
                        true,
                        handOff.keysRequested() + 1,
                        handOff.enterableAt()));
        emit(tenantId, loginKeyRequested(status.tenantId(), keyRequest, now));
        return TenantDecision.entry(command, EntryTicket.Kind.KEY, keyRequest, false);
    }

    /** Unverified signups whose window has closed fail, and their sites are removed ({@code EXPIRED}). */
    private void closeWindows() {
        Instant now = clock.instant();
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> closing =
                windows.range(String.format("%020d", 0), String.format("%020d|~", now.toEpochMilli()))) {
            closing.forEachRemaining(due::add);
        }
        for (KeyValue<String, String> entry : due) {
            windows.delete(entry.key);
            EmailCodeState closed = EmailCodeRules.closed(verifications.get(entry.value));
            if (closed == null) {
                continue; // verified in time
            }
            verifications.put(entry.value, closed);
            emit(
                    entry.value,
                    emailVerification(
                            closed.tenantId(),
                            EmailVerificationStatus.EXPIRED,
                            new EmailCodeRules.Outcome(closed, null)));
            SignupStatus status = statuses.get(entry.value);
            if (status != null) {
                StatusTransitions.emailNotVerified(status, now).ifPresent(this::store);
            }
        }
    }

    private EmailVerification emailVerification(
            UUID tenantId, EmailVerificationStatus status, EmailCodeRules.Outcome outcome) {
        return EmailVerification.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenantId)
                .setOccurredAt(clock.instant())
                .setStatus(status)
                .setCodesSent(outcome.state() == null ? 0 : outcome.state().codesSent())
                .build();
    }

    private static LoginKeyRequested loginKeyRequested(UUID tenantId, UUID requestId, Instant now) {
        return LoginKeyRequested.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenantId)
                .setOccurredAt(now)
                .setRequestId(requestId)
                .build();
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
        SignupStatus before = statuses.get(tenantId);
        statuses.put(tenantId, next);
        emit(tenantId, next);
        if (next.phase() == SignupStatus.Phase.COMPLETED
                && (before == null || before.phase() != SignupStatus.Phase.COMPLETED)) {
            // Enterable now: ask for the first login key ahead, so the first click is instant.
            Instant now = clock.instant();
            UUID ahead = UUID.randomUUID();
            handOffs.put(tenantId, new HandOffState(next.tenantId(), ahead, false, 1, now));
            emit(tenantId, loginKeyRequested(next.tenantId(), ahead, now));
        }
        if (next.isTerminal()) {
            deadlines.delete(deadlineKey(next));
            outcomes.record(next);
        }
        if (next.phase() == SignupStatus.Phase.FAILED) {
            emit(next.subdomain(), ClaimCommand.release(next.tenantId(), next.subdomain()));
        }
    }

    private static String deadlineKey(SignupStatus status) {
        return timeKey(status.deadlineAt(), status.tenantId().toString());
    }

    private static String timeKey(Instant at, String tenantId) {
        return String.format("%020d|%s", at.toEpochMilli(), tenantId);
    }

    private void emit(String key, Object value) {
        context.forward(new Record<>(key, value, clock.millis(), new RecordHeaders()));
    }
}
