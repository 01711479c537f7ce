package io.benchline.signup.messaging;

import io.benchline.events.DeletionReason;
import io.benchline.events.EmailVerification;
import io.benchline.events.EmailVerificationStatus;
import io.benchline.events.KeysActive;
import io.benchline.events.LoginKeyRequested;
import io.benchline.events.OperatorAction;
import io.benchline.events.OperatorCommandIssued;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.Signup;
import io.benchline.events.SignupCompleted;
import io.benchline.events.SiteOperation;
import io.benchline.events.SiteOperationCompleted;
import io.benchline.events.SiteProvisioned;
import io.benchline.events.TenantDeleted;
import io.benchline.events.TenantRequested;
import io.benchline.platform.kafka.streams.DueCheck;
import io.benchline.schemas.AvroEventDeserializer;
import io.benchline.schemas.AvroEventSerializer;
import io.benchline.schemas.Topic;
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
import java.util.stream.Stream;
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
 * Keeps each signup's status from the lifecycle events (all keyed by tenantId, so one task owns a tenant) and
 * enforces its deadline: a wall-clock check finds signups whose {@code deadlineAt} plus grace has passed
 * without a terminal event, marks them failed and emits exactly one {@code ProvisioningFailed(TIMEOUT)} in the
 * same exactly-once transaction. The check ({@link DueCheck}) is scheduled only for when the next entry of a
 * time-keyed store is due, so an idle task never commits. A failed signup's subdomain is released so the customer
 * can try again; when the provisioner had started a site for it, only once the provisioner reports that site dropped
 * ({@code SiteOperationCompleted(DROP)}, see {@link SiteHold}), so a late drop never hits the next owner's site.
 *
 * <p>The same task is the one place that decides a tenant's email verification and hand-off
 * ({@link TenantCommand}s keyed by tenantId): it checks codes against the kept hash, counts attempts, codes and
 * login keys, answers each command with a {@link TenantDecision}, writes {@code EmailVerification} and
 * {@code LoginKeyRequested}, and closes the verification window: an unverified signup fails (email_not_verified),
 * its {@code EmailVerification(EXPIRED)} has the site removed and its subdomain is released.
 *
 * <p>It also carries out an operator's RETRY ({@code OperatorCommandIssued} on {@code tenant.operator-commands}, each
 * commandId once): only when the signup's latest attempt failed, within {@code retry-window} of that failure, it
 * sends the original request as the next attempt to the registry (a RECLAIM keyed by subdomain), whose answer comes
 * back as that attempt's {@code TenantRequested} or {@code ProvisioningFailed(SIGNUP, SUBDOMAIN_TAKEN)}. Events of an
 * older attempt change nothing. A {@code TenantDeleted(DEPROVISIONED)} on {@code tenant.lifecycle} releases the
 * tenant's subdomain once {@code subdomain-quarantine} has passed since its {@code occurredAt}.
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

    /** Each signup's {@link RetainedRequest} (its original request, for a RETRY). */
    static final String RETRY_STORE = "signup-retry-requests";

    /** When each failed signup's retained request is dropped: {@code <20-digit millis>|<tenantId>} → tenantId. */
    static final String RETRY_EXPIRY_STORE = "signup-retry-expiries";

    /**
     * Subdomains by release time: {@code <20-digit millis>|<tenantId>} → subdomain. Deleted tenants' (their
     * quarantine), and failed signups' held for their site's drop ({@link SiteHold#releaseAt}, the bound of the wait).
     */
    static final String QUARANTINE_STORE = "signup-quarantines";

    /** Operator commands already applied: commandId → tenantId. */
    static final String OPERATOR_COMMAND_STORE = "signup-operator-commands";

    /** Failed signups' subdomains kept until their site's DROP is reported: tenantId → {@link SiteHold}. */
    static final String SITE_HOLD_STORE = "signup-site-holds";

    private static final Logger log = LoggerFactory.getLogger(StatusProcessor.class);
    private static final String REQUESTED = Topic.TENANT_REQUESTED.topicName();

    private final AvroEventSerializer avroOut = new AvroEventSerializer();
    private final AvroEventDeserializer avroIn = new AvroEventDeserializer(TenantRequested.class);
    private final Clock clock;
    private final SignupProperties properties;
    private final SignupOutcomes outcomes;

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, SignupStatus> statuses;
    private KeyValueStore<String, String> deadlines;
    private KeyValueStore<String, EmailCodeState> verifications;
    private KeyValueStore<String, String> windows;
    private KeyValueStore<String, HandOffState> handOffs;
    private KeyValueStore<String, RetainedRequest> retained;
    private KeyValueStore<String, String> retryExpiries;
    private KeyValueStore<String, String> quarantines;
    private KeyValueStore<String, String> operatorCommands;
    private KeyValueStore<String, SiteHold> siteHolds;
    private DueCheck dueCheck;
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
        this.retained = context.getStateStore(RETRY_STORE);
        this.retryExpiries = context.getStateStore(RETRY_EXPIRY_STORE);
        this.quarantines = context.getStateStore(QUARANTINE_STORE);
        this.operatorCommands = context.getStateStore(OPERATOR_COMMAND_STORE);
        this.siteHolds = context.getStateStore(SITE_HOLD_STORE);
        this.dueCheck = new DueCheck(context, properties.deadlineSweepInterval(), this::check);
        dueCheck.plan(earliestDue(), clock.instant()); // entries restored with the stores
    }

    /** Everything the time-keyed stores hold that is due now; then the next check, if anything is left. */
    private void check() {
        sweep();
        closeWindows();
        dropExpiredRequests();
        endQuarantines();
        dueCheck.plan(earliestDue(), clock.instant());
    }

    /** An entry was added to a time-keyed store: the check must run by {@code at}. */
    private void checkBy(Instant at) {
        dueCheck.plan(Optional.of(at), clock.instant());
    }

    /** The earliest due time across the time-keyed stores (each is ordered by it: its first key is its earliest). */
    private Optional<Instant> earliestDue() {
        return Stream.of(
                        first(deadlines).map(this::deadlineDue),
                        first(windows),
                        first(retryExpiries),
                        first(quarantines))
                .flatMap(Optional::stream)
                .min(Instant::compareTo);
    }

    private static Optional<Instant> first(KeyValueStore<String, String> timed) {
        try (KeyValueIterator<String, String> entries = timed.all()) {
            return entries.hasNext()
                    ? Optional.of(Instant.ofEpochMilli(
                            Long.parseLong(entries.next().key.substring(0, 20))))
                    : Optional.empty();
        }
    }

    /**
     * When the sweep times out a signup with this deadline: once the grace has passed, and 1 ms later, as
     * {@link StatusTransitions#isOverdue} wants the time strictly after it.
     */
    private Instant deadlineDue(Instant deadlineAt) {
        return deadlineAt.plus(properties.deadlineGrace()).plusMillis(1);
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
        if (event instanceof OperatorCommandIssued command) {
            if (command.getAction() == OperatorAction.RETRY) {
                retry(record.key(), command);
            }
            return; // the lifecycle's commands
        }
        if (event instanceof TenantDeleted deleted) {
            deleted(record.key(), deleted);
            return;
        }
        if (event instanceof SiteOperationCompleted completed) {
            if (completed.getOperation() == SiteOperation.DROP) {
                siteDropped(record.key(), completed);
            }
            return; // suspend, resume, archive: the lifecycle's
        }
        SignupStatus current = statuses.get(record.key());
        if (event instanceof TenantRequested requested) {
            if (current != null && requested.getSignup().getAttempt() > current.attempt()) {
                nextAttempt(record.key(), current, requested);
            }
            if (current == null) {
                SignupStatus accepted = StatusTransitions.accepted(requested);
                statuses.put(record.key(), accepted);
                deadlines.put(deadlineKey(accepted), record.key());
                checkBy(deadlineDue(accepted.deadlineAt()));
                retained.put(
                        record.key(),
                        new RetainedRequest(requested.getTenantId(), avroOut.serialize(REQUESTED, requested), null, 0));
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
        Integer attempt = attemptOf(event);
        if (attempt != null && attempt < current.attempt()) {
            log.info(
                    "Ignoring {} {} of signup {}: it belongs to attempt {}, the latest is {}",
                    event.getClass().getSimpleName(),
                    event.get(event.getSchema().getField("eventId").pos()),
                    current.tenantId(),
                    attempt,
                    current.attempt());
            return;
        }
        if (event instanceof ProvisioningFailed failed && failed.getAttempt() > current.attempt()) {
            StatusTransitions.nextAttemptFailed(current, failed).ifPresent(next -> store(current, next));
            return;
        }
        StatusTransitions.apply(current, event).ifPresent(next -> store(current, next));
    }

    /** The attempt an event belongs to; null for events that do not say (progress, lifecycle). */
    private static Integer attemptOf(SpecificRecord event) {
        if (event instanceof SiteProvisioned e) {
            return e.getSignup().getAttempt();
        }
        if (event instanceof KeysActive e) {
            return e.getSignup().getAttempt();
        }
        if (event instanceof SignupCompleted e) {
            return e.getAttempt();
        }
        if (event instanceof ProvisioningFailed e) {
            return e.getAttempt();
        }
        return null;
    }

    /**
     * An operator's RETRY, applied once per commandId: the next attempt of a failed signup goes to the registry to
     * re-claim its subdomain. Anything else (not failed, already being retried, request no longer kept, the email
     * window closed and the site removed) is logged and changes nothing.
     */
    private void retry(String tenantId, OperatorCommandIssued command) {
        String commandId = command.getCommandId().toString();
        if (operatorCommands.get(commandId) != null) {
            log.info("RETRY {} of signup {} was applied before; ignoring it", commandId, tenantId);
            return;
        }
        operatorCommands.put(commandId, tenantId);
        SignupStatus status = statuses.get(tenantId);
        if (status == null) {
            log.warn("RETRY {}: signup {} is unknown here; nothing to retry", commandId, tenantId);
            return;
        }
        if (status.phase() != SignupStatus.Phase.FAILED) {
            log.info(
                    "RETRY {} of signup {} ignored: its attempt {} has not failed ({})",
                    commandId,
                    tenantId,
                    status.attempt(),
                    status.phase());
            return;
        }
        Instant now = clock.instant();
        RetainedRequest kept = retained.get(tenantId);
        if (kept == null || kept.expiresAt() == null || !now.isBefore(kept.expiresAt())) {
            log.warn(
                    "RETRY {} of signup {} refused: its request is no longer kept (kept {} after a failure)",
                    commandId,
                    tenantId,
                    properties.retryWindow());
            if (kept != null) {
                drop(tenantId, kept);
            }
            refuseRetry(
                    tenantId,
                    status,
                    "retry refused: a failed signup is kept for " + properties.retryWindow()
                            + " and this one is older; the customer signs up again");
            return;
        }
        if (kept.pendingAttempt() > status.attempt()) {
            log.info(
                    "RETRY {} of signup {} ignored: attempt {} is being started",
                    commandId,
                    tenantId,
                    kept.pendingAttempt());
            return;
        }
        EmailCodeState code = verifications.get(tenantId);
        if (code != null && code.closed() && !code.verified()) {
            log.warn(
                    "RETRY {} of signup {} refused: its email verification window closed and the site was removed;"
                            + " the customer signs up again",
                    commandId,
                    tenantId);
            refuseRetry(
                    tenantId,
                    status,
                    "retry refused: the email address was never verified and the site was removed; the customer signs"
                            + " up again");
            return;
        }
        TenantRequested original = (TenantRequested) avroIn.deserialize(REQUESTED, kept.tenantRequested());
        int attempt = status.attempt() + 1;
        TenantRequested next = TenantRequested.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(original.getTenantId())
                .setOccurredAt(now)
                .setSignup(Signup.newBuilder(original.getSignup())
                        .setAttempt(attempt)
                        .setRequestedAt(now)
                        .setDeadlineAt(now.plus(properties.deadline()))
                        .build())
                .build();
        retained.put(tenantId, kept.pending(attempt));
        String subdomain = original.getSignup().getSubdomain();
        log.info("RETRY {} of signup {}: re-claiming {} for attempt {}", commandId, tenantId, subdomain, attempt);
        emit(
                subdomain,
                ClaimCommand.reclaim(
                        command.getCommandId(), original.getTenantId(), subdomain, avroOut.serialize(REQUESTED, next)));
    }

    /** The registry took the subdomain again for the next attempt: accepted again, with its own deadline. */
    private void nextAttempt(String tenantId, SignupStatus current, TenantRequested requested) {
        if (current.phase() != SignupStatus.Phase.FAILED) {
            log.warn(
                    "Ignoring attempt {} of signup {}: attempt {} has not failed ({})",
                    requested.getSignup().getAttempt(),
                    tenantId,
                    current.attempt(),
                    current.phase());
            return;
        }
        RetainedRequest kept = retained.get(tenantId);
        if (kept != null) {
            if (kept.expiresAt() != null) {
                retryExpiries.delete(timeKey(kept.expiresAt(), tenantId));
            }
            retained.put(tenantId, kept.running());
        }
        SiteHold hold = siteHolds.get(tenantId);
        if (hold != null && hold.held()) {
            // Re-claimed by this tenant (the registry let it, the name being still its own): the running attempt
            // holds the name now, and its own end decides what happens to it.
            log.info(
                    "Signup {}: attempt {} re-claimed {}, held for attempt {}'s site drop until now",
                    tenantId,
                    requested.getSignup().getAttempt(),
                    hold.subdomain(),
                    hold.attempt());
            endHold(tenantId, hold);
        }
        SignupStatus accepted = StatusTransitions.retried(current, requested);
        deadlines.put(deadlineKey(accepted), tenantId);
        checkBy(deadlineDue(accepted.deadlineAt()));
        store(accepted);
    }

    /** A deprovisioned tenant's subdomain stays held for the quarantine, counted from the deletion. */
    private void deleted(String tenantId, TenantDeleted deleted) {
        RetainedRequest kept = retained.get(tenantId);
        if (kept != null) {
            drop(tenantId, kept);
        }
        if (deleted.getReason() != DeletionReason.DEPROVISIONED) {
            return; // EMAIL_NOT_VERIFIED: released when its site's DROP was reported
        }
        SiteHold hold = siteHolds.get(tenantId);
        if (hold != null && hold.held()) {
            endHold(tenantId, hold); // the quarantine releases it now
        }
        Instant releaseAt = deleted.getOccurredAt().plus(properties.subdomainQuarantine());
        quarantines.put(timeKey(releaseAt, tenantId), deleted.getSubdomain());
        checkBy(releaseAt);
        log.info("Tenant {} deleted: subdomain {} is released at {}", tenantId, deleted.getSubdomain(), releaseAt);
    }

    /**
     * Subdomains whose quarantine, or whose wait for a failed site's drop, has ended go back to the registry
     * (released only if still this tenant's).
     */
    private void endQuarantines() {
        for (KeyValue<String, String> entry : due(quarantines)) {
            quarantines.delete(entry.key);
            UUID tenantId = UUID.fromString(entry.key.substring(entry.key.indexOf('|') + 1));
            SiteHold hold = siteHolds.get(tenantId.toString());
            if (hold != null && hold.held() && entry.key.equals(timeKey(hold.releaseAt(), tenantId.toString()))) {
                log.warn(
                        "Signup {}: no drop of its attempt {}'s site was reported within {}; releasing subdomain {}"
                                + " anyway (check the bench host for a site of that name)",
                        tenantId,
                        hold.attempt(),
                        properties.siteDropWait(),
                        entry.value);
                siteHolds.put(tenantId.toString(), hold.released());
            } else {
                log.info("Quarantine of subdomain {} (tenant {}) ended: releasing it", entry.value, tenantId);
            }
            emit(entry.value, ClaimCommand.release(tenantId, entry.value));
        }
    }

    /** Failed signups' requests (sealed passwords) are kept only for the retry window. */
    private void dropExpiredRequests() {
        Instant now = clock.instant();
        for (KeyValue<String, String> entry : due(retryExpiries)) {
            retryExpiries.delete(entry.key);
            RetainedRequest kept = retained.get(entry.value);
            if (kept != null && kept.expiresAt() != null && !now.isBefore(kept.expiresAt())) {
                retained.delete(entry.value);
            }
        }
    }

    private void drop(String tenantId, RetainedRequest kept) {
        if (kept.expiresAt() != null) {
            retryExpiries.delete(timeKey(kept.expiresAt(), tenantId));
        }
        retained.delete(tenantId);
    }

    /** The entries of a time-keyed store that are due now. */
    private List<KeyValue<String, String>> due(KeyValueStore<String, String> timed) {
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> entries = timed.range(
                String.format("%020d", 0),
                String.format("%020d|~", clock.instant().toEpochMilli()))) {
            entries.forEachRemaining(due::add);
        }
        return due;
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
        Instant windowEnd = at.plus(properties.emailVerification().window());
        windows.put(timeKey(windowEnd, tenantId), tenantId);
        checkBy(windowEnd);
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
            handOffs.put(tenantId, used(handOff, handOff.keysRequested()));
            return TenantDecision.entry(command, EntryTicket.Kind.KEY, handOff.aheadRequestId(), true);
        }
        if (handOff.keysRequested() >= settings.maxKeys()) {
            return TenantDecision.entry(command, EntryTicket.Kind.LOGIN_PAGE, null, false);
        }
        UUID keyRequest = UUID.randomUUID();
        handOffs.put(tenantId, used(handOff, handOff.keysRequested() + 1));
        emit(tenantId, loginKeyRequested(status.tenantId(), keyRequest, now));
        return TenantDecision.entry(command, EntryTicket.Kind.KEY, keyRequest, false);
    }

    /** The hand-off once its key asked for ahead is used, with {@code keysRequested} keys asked for in all. */
    private static HandOffState used(HandOffState handOff, int keysRequested) {
        return new HandOffState(
                handOff.tenantId(), handOff.aheadRequestId(), true, keysRequested, handOff.enterableAt());
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
        store(statuses.get(next.tenantId().toString()), next);
    }

    /** {@code before}: the stored status {@code next} replaces, when the caller holds it (saves reading it again). */
    private void store(SignupStatus before, SignupStatus next) {
        String tenantId = next.tenantId().toString();
        // The store's changelog is the status topic every instance's view reads (InternalTopics.status).
        statuses.put(tenantId, next);
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
            keepForRetry(tenantId, next);
        }
        if (next.phase() == SignupStatus.Phase.FAILED) {
            releaseOrHold(before, next);
        }
    }

    /**
     * A failed signup's subdomain is released at once, unless the provisioner may still drop a site of that name
     * for it ({@link SiteHold#siteMayRemain}): then it stays claimed by this tenant until that DROP is reported, so
     * the late drop cannot hit the site of a customer who took the name meanwhile. Still this tenant's claim, a
     * RETRY's re-claim succeeds meanwhile.
     */
    private void releaseOrHold(SignupStatus before, SignupStatus failed) {
        String tenantId = failed.tenantId().toString();
        SiteHold hold = siteHolds.get(tenantId);
        if (hold != null && hold.held()) {
            return; // a refused retry's failure: the earlier attempt's site is still awaited
        }
        boolean newlyFailed = before == null || before.phase() != SignupStatus.Phase.FAILED;
        if (newlyFailed && SiteHold.siteMayRemain(failed)) {
            SiteHold current =
                    hold != null ? hold : new SiteHold(failed.tenantId(), failed.subdomain(), 0, null, List.of());
            if (!current.dropSeenFor(failed.attempt())) {
                log.info(
                        "Signup {} attempt {} failed after its site was started: subdomain {} stays claimed until"
                                + " the site's drop is reported",
                        tenantId,
                        failed.attempt(),
                        failed.subdomain());
                Instant releaseAt = clock.instant().plus(properties.siteDropWait());
                siteHolds.put(tenantId, current.holding(failed.attempt(), releaseAt));
                quarantines.put(timeKey(releaseAt, tenantId), failed.subdomain());
                checkBy(releaseAt);
                return;
            }
        }
        emit(failed.subdomain(), ClaimCommand.release(failed.tenantId(), failed.subdomain()));
    }

    /** The hold ends without a release of its own (a re-claim or a quarantine takes over), or before one. */
    private void endHold(String tenantId, SiteHold hold) {
        if (hold.releaseAt() != null) {
            quarantines.delete(timeKey(hold.releaseAt(), tenantId));
        }
        siteHolds.put(tenantId, hold.released());
    }

    /**
     * A DROP of this tenant's site was reported: a held subdomain is released (unless the DROP is an older
     * attempt's). A drop that failed keeps it held; one that comes before the failure is remembered.
     */
    private void siteDropped(String tenantId, SiteOperationCompleted drop) {
        SignupStatus status = statuses.get(tenantId);
        if (status == null) {
            return; // not a signup this service accepted
        }
        if (!drop.getSucceeded()) {
            log.warn(
                    "Signup {}: dropping its site {} failed (operation {}); subdomain {} stays claimed: {}",
                    tenantId,
                    drop.getSiteName(),
                    drop.getOperationId(),
                    status.subdomain(),
                    drop.getMessage());
            return;
        }
        SiteHold hold = siteHolds.get(tenantId);
        SiteHold seen = (hold != null ? hold : new SiteHold(status.tenantId(), status.subdomain(), 0, null, List.of()))
                .withDrop(drop.getOperationId());
        if (!seen.held()) {
            siteHolds.put(tenantId, seen);
            return;
        }
        if (seen.isOlderAttemptsDrop(drop.getOperationId())) {
            log.info(
                    "Signup {}: an older attempt's site drop ({}); still waiting for attempt {}'s",
                    tenantId,
                    drop.getOperationId(),
                    seen.attempt());
            siteHolds.put(tenantId, seen);
            return;
        }
        log.info(
                "Signup {}: its site {} was dropped (operation {}); releasing subdomain {}",
                tenantId,
                drop.getSiteName(),
                drop.getOperationId(),
                seen.subdomain());
        endHold(tenantId, seen);
        emit(seen.subdomain(), ClaimCommand.release(seen.tenantId(), seen.subdomain()));
    }

    /** A completed signup needs its request no more; a failed one keeps it for the retry window. */
    private void keepForRetry(String tenantId, SignupStatus terminal) {
        RetainedRequest kept = retained.get(tenantId);
        if (kept == null) {
            return;
        }
        if (terminal.phase() == SignupStatus.Phase.COMPLETED) {
            drop(tenantId, kept);
            return;
        }
        if (kept.expiresAt() != null) {
            retryExpiries.delete(timeKey(kept.expiresAt(), tenantId));
        }
        Instant expiresAt = clock.instant().plus(properties.retryWindow());
        retained.put(tenantId, kept.failedAt(expiresAt));
        retryExpiries.put(timeKey(expiresAt, tenantId), tenantId);
        checkBy(expiresAt);
    }

    private static String deadlineKey(SignupStatus status) {
        return timeKey(status.deadlineAt(), status.tenantId().toString());
    }

    private static String timeKey(Instant at, String tenantId) {
        return String.format("%020d|%s", at.toEpochMilli(), tenantId);
    }

    /**
     * A retry that cannot start ends its attempt at once, as a refused re-claim does (ClaimProcessor): the operator
     * sees why in the signup's timeline, and the attempt has its one terminal event.
     */
    private void refuseRetry(String tenantId, SignupStatus status, String message) {
        emit(
                tenantId,
                ProvisioningFailed.newBuilder()
                        .setEventId(UUID.randomUUID())
                        .setTenantId(UUID.fromString(tenantId))
                        .setOccurredAt(clock.instant())
                        .setStage(io.benchline.events.FailureStage.SIGNUP)
                        .setReason(io.benchline.events.FailureReason.INVALID_REQUEST)
                        .setMessage(message)
                        .setRetryable(false)
                        .setSubdomain(status.subdomain())
                        .setAttempt(status.attempt() + 1)
                        .build());
    }

    private void emit(String key, Object value) {
        context.forward(new Record<>(key, value, clock.millis(), new RecordHeaders()));
    }
}
