package io.benchline.operator.lifecycle;

import io.benchline.events.Backup;
import io.benchline.events.DeletionReason;
import io.benchline.events.EmailVerification;
import io.benchline.events.FailureStage;
import io.benchline.events.KeysActive;
import io.benchline.events.OperatorAction;
import io.benchline.events.OperatorCommandIssued;
import io.benchline.events.Plan;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.ProvisioningProgressed;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.Signup;
import io.benchline.events.SignupCompleted;
import io.benchline.events.SiteOperation;
import io.benchline.events.SiteOperationCompleted;
import io.benchline.events.SiteOperationRequested;
import io.benchline.events.SiteProvisioned;
import io.benchline.events.SuspensionReason;
import io.benchline.events.TenantActivated;
import io.benchline.events.TenantDeleted;
import io.benchline.events.TenantPlanChanged;
import io.benchline.events.TenantRequested;
import io.benchline.events.TenantResumed;
import io.benchline.events.TenantSuspended;
import io.benchline.operator.tenant.CommandEntry;
import io.benchline.operator.tenant.FailureDetail;
import io.benchline.operator.tenant.SignupState;
import io.benchline.operator.tenant.TenantSnapshot;
import io.benchline.operator.tenant.TenantState;
import io.benchline.operator.tenant.TimelineEntry;
import io.benchline.schemas.EventMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How each pipeline event, operator command and site-operation report moves one tenant, and which events that
 * emits (contracts §3). Pure: no store, no clock of its own; the processor hands it the tenant and the time.
 */
final class TenantLifecycle {

    static final String NOT_REQUIRED = "not_required";
    static final String PENDING = "pending";
    static final String VERIFIED = "verified";
    static final String EXPIRED = "expired";

    private static final Logger log = LoggerFactory.getLogger(TenantLifecycle.class);

    private static final Set<TenantState> SUSPENDABLE =
            EnumSet.of(TenantState.ACTIVE, TenantState.AWAITING_VERIFICATION);
    private static final Set<TenantState> PLAN_CHANGEABLE =
            EnumSet.of(TenantState.AWAITING_VERIFICATION, TenantState.ACTIVE, TenantState.SUSPENDED);
    private static final Set<TenantState> DEPROVISIONABLE =
            EnumSet.of(TenantState.ACTIVE, TenantState.AWAITING_VERIFICATION, TenantState.SUSPENDED);

    private final LifecycleProperties properties;

    TenantLifecycle(LifecycleProperties properties) {
        this.properties = properties;
    }

    /** @param emitted events for public topics, in order; {@code changed} false: nothing to store or publish */
    record Outcome(boolean changed, List<SpecificRecord> emitted) {

        static final Outcome UNCHANGED = new Outcome(false, List.of());
    }

    /** Applies {@code event} to {@code tenant} (changed in place). */
    Outcome apply(Tenant tenant, SpecificRecord event, Instant now) {
        EventMetadata meta = EventMetadata.of(event);
        if (event instanceof OperatorCommandIssued command
                && tenant.command(command.getCommandId().toString()).isPresent()) {
            return Outcome.UNCHANGED; // every commandId is applied once, whatever event carries it
        }
        if (!tenant.firstSight(meta.eventId().toString())) {
            return Outcome.UNCHANGED;
        }
        List<SpecificRecord> out = new ArrayList<>();
        if (event instanceof TenantRequested e) {
            on(tenant, e);
        } else if (event instanceof ProvisioningProgressed e) {
            on(tenant, e);
        } else if (event instanceof SiteProvisioned e) {
            on(tenant, e);
        } else if (event instanceof KeysActive e) {
            on(tenant, e);
        } else if (event instanceof ProvisioningFailed e) {
            on(tenant, e);
        } else if (event instanceof SignupCompleted e) {
            on(tenant, e, now, out);
        } else if (event instanceof EmailVerification e) {
            on(tenant, e, now, out);
        } else if (event instanceof OperatorCommandIssued e) {
            on(tenant, e, now, out);
        } else if (event instanceof SiteOperationCompleted e) {
            on(tenant, e, now, out);
        } else {
            record(tenant, meta.occurredAt(), event.getClass().getSimpleName(), "not used here", Map.of());
        }
        tenant.updatedAt = now;
        return new Outcome(true, out);
    }

    /** The punctuator's check: a deprovisioning whose grace has ended and whose site is suspended gets archived. */
    Outcome deletionDue(Tenant tenant, Instant now) {
        if (tenant.tenantState != TenantState.DEPROVISIONING
                || tenant.deletionDueAt == null
                || now.isBefore(tenant.deletionDueAt)
                || !tenant.siteSuspended
                || tenant.operationInFlight()
                || tenant.deprovisionCommandId == null) {
            return Outcome.UNCHANGED;
        }
        List<SpecificRecord> out = new ArrayList<>();
        CommandEntry command = tenant.command(tenant.deprovisionCommandId).orElseThrow();
        record(tenant, now, "GraceEnded", "deprovisioning grace ended; archiving the site", Map.of());
        requestOperation(tenant, SiteOperation.ARCHIVE, command, null, tenant.tenantState, now, out);
        tenant.updatedAt = now;
        return new Outcome(true, out);
    }

    /** Whether {@code tenant} waits for its grace to end (the due index holds it until an ARCHIVE is requested). */
    static boolean awaitsDeletion(Tenant tenant) {
        return tenant.tenantState == TenantState.DEPROVISIONING
                && tenant.deletionDueAt != null
                && tenant.operations.values().stream()
                        .noneMatch(op -> op.operation().equals(SiteOperation.ARCHIVE.name()));
    }

    // --- the signup pipeline ---------------------------------------------------------------------------------

    private void on(Tenant t, TenantRequested e) {
        Signup signup = e.getSignup();
        int attempt = signup.getAttempt();
        Map<String, String> detail =
                detail("attempt", attempt, "subdomain", signup.getSubdomain(), "plan", lower(signup.getPlan()));
        if (isStale(t, attempt)) {
            record(
                    t,
                    e.getOccurredAt(),
                    "TenantRequested",
                    "attempt " + attempt + " requested (older attempt)",
                    detail);
            return;
        }
        record(t, e.getOccurredAt(), "TenantRequested", "attempt " + attempt + " requested", detail);
        if (t.retry != null && attempt > t.retry.fromAttempt()) {
            t.settle(t.retry.commandId(), CommandEntry.Status.DONE, "attempt " + attempt + " started");
            t.retry = null;
        }
        startAttempt(t, attempt);
        copy(t, signup);
        advance(t, SignupState.ACCEPTED);
    }

    private void on(Tenant t, ProvisioningProgressed e) {
        String host = e.getBenchHost();
        String summary = e.getStep() + " " + lower(e.getPhase()) + (host == null ? "" : " on " + host);
        record(
                t,
                e.getOccurredAt(),
                "ProvisioningProgressed",
                summary,
                detail("step", e.getStep(), "phase", e.getPhase(), "host", host, "message", e.getMessage()));
        if (isTerminal(t.signupState)) {
            return; // progress carries no attempt: after the end of the latest attempt it is an older one's
        }
        if (e.getStep() == ProvisioningStep.CHOOSE_HOST && host != null) {
            t.host = host;
        }
        advance(t, SignupState.PROVISIONING);
    }

    private void on(Tenant t, SiteProvisioned e) {
        int attempt = e.getSignup().getAttempt();
        Map<String, String> detail = detail(
                "attempt",
                attempt,
                "host",
                e.getSite().getBenchHost(),
                "siteName",
                e.getSite().getSiteName());
        if (isStale(t, attempt)) {
            record(t, e.getOccurredAt(), "SiteProvisioned", "site provisioned (older attempt " + attempt + ")", detail);
            return;
        }
        record(
                t,
                e.getOccurredAt(),
                "SiteProvisioned",
                "site " + e.getSite().getSiteName() + " provisioned on "
                        + e.getSite().getBenchHost(),
                detail);
        startAttempt(t, attempt);
        copy(t, e.getSignup());
        t.host = e.getSite().getBenchHost();
        t.siteUrl = e.getSite().getSiteUrl();
        advance(t, SignupState.VERIFYING);
    }

    private void on(Tenant t, KeysActive e) {
        int attempt = e.getSignup().getAttempt();
        Map<String, String> detail =
                detail("attempt", attempt, "tries", e.getAttempts(), "activationMillis", e.getActivationMillis());
        if (isStale(t, attempt)) {
            record(t, e.getOccurredAt(), "KeysActive", "API keys active (older attempt " + attempt + ")", detail);
            return;
        }
        record(t, e.getOccurredAt(), "KeysActive", "API keys active", detail);
        startAttempt(t, attempt);
        copy(t, e.getSignup());
        advance(t, SignupState.CREATING_USER);
    }

    private void on(Tenant t, ProvisioningFailed e) {
        int attempt = e.getAttempt();
        Map<String, String> detail = detail(
                "attempt", attempt,
                "stage", lower(e.getStage()),
                "reason", lower(e.getReason()),
                "retryable", e.getRetryable(),
                "message", e.getMessage());
        String summary = "failed at " + lower(e.getStage()) + " (" + lower(e.getReason()) + ")";
        if (isStale(t, attempt)) {
            record(t, e.getOccurredAt(), "ProvisioningFailed", summary + " (older attempt " + attempt + ")", detail);
            return;
        }
        record(t, e.getOccurredAt(), "ProvisioningFailed", summary, detail);
        boolean newAttempt = attempt > t.attempt;
        if (t.retry != null && attempt > t.retry.fromAttempt()) {
            // The next attempt ended before it started: signup-service refused the retry (e.g. subdomain taken).
            boolean refusedAtOnce = newAttempt && e.getStage() == FailureStage.SIGNUP;
            t.settle(
                    t.retry.commandId(),
                    refusedAtOnce ? CommandEntry.Status.FAILED : CommandEntry.Status.DONE,
                    refusedAtOnce ? e.getMessage() : "attempt " + attempt + " started");
            t.retry = null;
        }
        startAttempt(t, attempt);
        if (t.subdomain == null) {
            t.subdomain = e.getSubdomain();
        }
        t.signupState = SignupState.FAILED;
        t.failure = new FailureDetail(
                e.getOccurredAt(),
                attempt,
                lower(e.getStage()),
                lower(e.getReason()),
                e.getMessage(),
                e.getRetryable());
    }

    private void on(Tenant t, SignupCompleted e, Instant now, List<SpecificRecord> out) {
        int attempt = e.getAttempt();
        Map<String, String> detail = detail("attempt", attempt, "siteUrl", e.getSiteUrl());
        if (isStale(t, attempt)) {
            record(t, e.getOccurredAt(), "SignupCompleted", "signup completed (older attempt " + attempt + ")", detail);
            return;
        }
        record(t, e.getOccurredAt(), "SignupCompleted", "signup completed", detail);
        startAttempt(t, attempt);
        t.signupState = SignupState.COMPLETED;
        t.completedAt = e.getOccurredAt();
        t.failure = null;
        t.organization = e.getOrganization();
        t.subdomain = e.getSubdomain();
        t.siteUrl = e.getSiteUrl();
        t.email = e.getAdminEmail();
        t.synthetic = t.synthetic || e.getSynthetic();
        if (t.tenantState == TenantState.NONE) {
            t.plan = lower(e.getPlan());
        }
        activateIfReady(t, now, out);
    }

    private void on(Tenant t, EmailVerification e, Instant now, List<SpecificRecord> out) {
        record(
                t,
                e.getOccurredAt(),
                "EmailVerification",
                "email verification " + lower(e.getStatus()),
                detail("status", lower(e.getStatus()), "codesSent", e.getCodesSent()));
        switch (e.getStatus()) {
            case CODE_SENT -> {
                if (!VERIFIED.equals(t.emailVerification) && !EXPIRED.equals(t.emailVerification)) {
                    t.emailVerification = PENDING;
                }
            }
            case VERIFIED -> {
                t.emailVerification = VERIFIED;
                activateIfReady(t, now, out);
            }
            case EXPIRED -> {
                t.emailVerification = EXPIRED;
                if (t.activatedAt == null && t.signupState != SignupState.FAILED) {
                    // signup-service fails the signup (no terminal event: SignupCompleted was its terminal one).
                    t.signupState = SignupState.FAILED;
                    t.failure = new FailureDetail(
                            e.getOccurredAt(),
                            t.attempt,
                            "signup",
                            "email_not_verified",
                            "the email address was not verified in time; the site is removed",
                            true);
                }
            }
            default -> {}
        }
    }

    /** TenantActivated once, when the latest attempt completed and the email is verified or need not be. */
    private void activateIfReady(Tenant t, Instant now, List<SpecificRecord> out) {
        if (t.activatedAt != null
                || t.signupState != SignupState.COMPLETED
                || t.tenantState == TenantState.DEPROVISIONING
                || t.tenantState == TenantState.DELETED) {
            return; // a tenant on its way out is not activated; a resumed one is checked again
        }
        if (t.emailVerificationRequired && !VERIFIED.equals(t.emailVerification)) {
            if (t.tenantState == TenantState.NONE) {
                t.tenantState = TenantState.AWAITING_VERIFICATION;
            }
            return;
        }
        t.activatedAt = now;
        Duration trial = properties.trialPeriod();
        t.trialEndsAt = trial.isZero() ? null : now.plus(trial);
        if (t.tenantState == TenantState.NONE || t.tenantState == TenantState.AWAITING_VERIFICATION) {
            t.tenantState = TenantState.ACTIVE;
        }
        emit(
                t,
                out,
                TenantActivated.newBuilder()
                        .setEventId(UUID.randomUUID())
                        .setTenantId(UUID.fromString(t.tenantId))
                        .setOccurredAt(now)
                        .setOrganization(nonNull(t.organization))
                        .setSubdomain(nonNull(t.subdomain))
                        .setSiteUrl(nonNull(t.siteUrl))
                        .setAdminEmail(nonNull(t.email))
                        .setPlan(plan(t.plan))
                        .setTrialEndsAt(t.trialEndsAt)
                        .setBenchHost(t.host)
                        .setSynthetic(t.synthetic)
                        .build(),
                "tenant activated (" + t.plan + ")",
                detail("trialEndsAt", t.trialEndsAt));
    }

    // --- operator commands -----------------------------------------------------------------------------------

    private void on(Tenant t, OperatorCommandIssued c, Instant now, List<SpecificRecord> out) {
        String commandId = c.getCommandId().toString();
        OperatorAction action = c.getAction();
        record(
                t,
                c.getOccurredAt(),
                "OperatorCommandIssued",
                c.getOperator() + " asked to " + lower(action),
                detail(
                        "commandId", commandId,
                        "action", lower(action),
                        "operator", c.getOperator(),
                        "reason", c.getReason(),
                        "plan", c.getPlan() == null ? null : lower(c.getPlan()),
                        "suspensionReason", c.getSuspensionReason() == null ? null : lower(c.getSuspensionReason()),
                        "graceSeconds", c.getGraceSeconds()));
        CommandEntry accepted = new CommandEntry(
                commandId,
                lower(action),
                c.getOperator(),
                c.getReason(),
                c.getIdempotencyKey(),
                c.getOccurredAt(),
                CommandEntry.Status.ACCEPTED,
                null);
        t.commands.add(accepted);
        String refusal = switch (action) {
            case RETRY -> retry(t, accepted);
            case SUSPEND -> suspend(t, c, accepted, now, out);
            case RESUME -> resume(t, c, accepted, now, out);
            case CHANGE_PLAN -> changePlan(t, c, accepted, now, out);
            case DEPROVISION -> deprovision(t, c, accepted, now, out);
            default -> "unknown action " + action;
        };
        if (refusal != null) {
            log.info("tenant {}: command {} ({}) refused: {}", t.tenantId, commandId, lower(action), refusal);
            t.settle(commandId, CommandEntry.Status.REFUSED, refusal);
            record(t, now, "CommandRefused", lower(action) + " refused: " + refusal, detail("commandId", commandId));
        }
    }

    /** @return why the command does not apply, or null when it was applied */
    private String retry(Tenant t, CommandEntry command) {
        if (t.signupState != SignupState.FAILED) {
            return "the latest attempt has not failed (signup state " + wire(t.signupState) + ")";
        }
        if (t.retry != null) {
            return "retry " + t.retry.commandId() + " of attempt " + t.retry.fromAttempt() + " is in progress";
        }
        t.retry = new LifecycleState.PendingRetry(command.commandId(), t.attempt);
        return null;
    }

    private String suspend(
            Tenant t, OperatorCommandIssued c, CommandEntry command, Instant now, List<SpecificRecord> out) {
        if (!SUSPENDABLE.contains(t.tenantState)) {
            return notApplicable(c.getAction(), t);
        }
        if (t.operationInFlight()) {
            return inFlight(t);
        }
        SuspensionReason reason = c.getSuspensionReason();
        if (reason == null || reason == SuspensionReason.UNKNOWN || reason == SuspensionReason.DEPROVISIONING) {
            reason = SuspensionReason.OPERATOR;
        }
        requestOperation(t, SiteOperation.SUSPEND, command, lower(reason), t.tenantState, now, out);
        return null;
    }

    private String resume(
            Tenant t, OperatorCommandIssued c, CommandEntry command, Instant now, List<SpecificRecord> out) {
        boolean suspended = t.tenantState == TenantState.SUSPENDED;
        boolean inGrace = t.tenantState == TenantState.DEPROVISIONING
                && t.deletionDueAt != null
                && c.getOccurredAt().isBefore(t.deletionDueAt);
        if (!suspended && !inGrace) {
            return t.tenantState == TenantState.DEPROVISIONING
                    ? "the deprovisioning's grace ended at " + t.deletionDueAt
                    : notApplicable(c.getAction(), t);
        }
        if (t.operationInFlight()) {
            return inFlight(t);
        }
        requestOperation(t, SiteOperation.RESUME, command, null, t.tenantState, now, out);
        return null;
    }

    private String changePlan(
            Tenant t, OperatorCommandIssued c, CommandEntry command, Instant now, List<SpecificRecord> out) {
        if (!PLAN_CHANGEABLE.contains(t.tenantState)) {
            return notApplicable(c.getAction(), t);
        }
        if (c.getPlan() == null) {
            return "no plan given";
        }
        String to = lower(c.getPlan());
        if (to.equals(t.plan)) {
            return "the tenant is on plan " + to + " already";
        }
        String from = t.plan;
        t.plan = to;
        t.settle(command.commandId(), CommandEntry.Status.DONE, null);
        emit(
                t,
                out,
                TenantPlanChanged.newBuilder()
                        .setEventId(UUID.randomUUID())
                        .setTenantId(UUID.fromString(t.tenantId))
                        .setOccurredAt(now)
                        .setFromPlan(plan(from))
                        .setToPlan(c.getPlan())
                        .setCommandId(c.getCommandId())
                        .setOperator(c.getOperator())
                        .build(),
                "plan changed from " + from + " to " + to,
                detail("commandId", command.commandId()));
        return null;
    }

    private String deprovision(
            Tenant t, OperatorCommandIssued c, CommandEntry command, Instant now, List<SpecificRecord> out) {
        if (!DEPROVISIONABLE.contains(t.tenantState)) {
            return notApplicable(c.getAction(), t);
        }
        if (t.operationInFlight()) {
            return inFlight(t);
        }
        Long graceSeconds = c.getGraceSeconds();
        Duration grace =
                graceSeconds == null ? properties.defaultGrace() : Duration.ofSeconds(Math.max(0, graceSeconds));
        TenantState before = t.tenantState;
        t.tenantState = TenantState.DEPROVISIONING;
        t.deletionDueAt = c.getOccurredAt().plus(grace);
        t.deprovisionCommandId = command.commandId();
        if (!t.siteSuspended) {
            requestOperation(
                    t, SiteOperation.SUSPEND, command, lower(SuspensionReason.DEPROVISIONING), before, now, out);
        }
        return null;
    }

    // --- site operations -------------------------------------------------------------------------------------

    private void requestOperation(
            Tenant t,
            SiteOperation operation,
            CommandEntry command,
            String suspensionReason,
            TenantState stateBefore,
            Instant now,
            List<SpecificRecord> out) {
        UUID commandId = UUID.fromString(command.commandId());
        UUID operationId = SiteOperationIds.of(commandId, operation);
        t.operations.put(
                operationId.toString(),
                new LifecycleState.PendingOperation(
                        operationId.toString(),
                        operation.name(),
                        command.commandId(),
                        command.operator(),
                        suspensionReason,
                        stateBefore.name()));
        emit(
                t,
                out,
                SiteOperationRequested.newBuilder()
                        .setEventId(UUID.randomUUID())
                        .setTenantId(UUID.fromString(t.tenantId))
                        .setOccurredAt(now)
                        .setOperationId(operationId)
                        .setOperation(operation)
                        .setCommandId(commandId)
                        .build(),
                operation + " of the site requested",
                detail("operationId", operationId, "commandId", commandId));
    }

    private void on(Tenant t, SiteOperationCompleted e, Instant now, List<SpecificRecord> out) {
        String operationId = e.getOperationId().toString();
        String outcome = e.getSucceeded() ? "succeeded" : "failed";
        record(
                t,
                e.getOccurredAt(),
                "SiteOperationCompleted",
                e.getOperation() + " of the site " + outcome,
                detail(
                        "operationId", operationId,
                        "operation", e.getOperation(),
                        "succeeded", e.getSucceeded(),
                        "message", e.getMessage(),
                        "host", e.getBenchHost(),
                        "backup", e.getBackup() == null ? null : e.getBackup().getLocation()));
        if (e.getOperation() == SiteOperation.DROP
                && operationId.equals(SiteOperationIds.emailNotVerified(UUID.fromString(t.tenantId))
                        .toString())) {
            if (e.getSucceeded() && t.tenantState != TenantState.DELETED) {
                delete(t, DeletionReason.EMAIL_NOT_VERIFIED, null, null, null, now, out);
            }
            return;
        }
        LifecycleState.PendingOperation pending = t.operations.remove(operationId);
        if (pending == null) {
            return; // not one this lifecycle waits for (answered before, or requested elsewhere)
        }
        boolean forDeprovision = pending.commandId().equals(t.deprovisionCommandId);
        if (!e.getSucceeded()) {
            String message = "site operation " + pending.operation() + " failed: " + nonNull(e.getMessage());
            t.settle(pending.commandId(), CommandEntry.Status.FAILED, message);
            if (forDeprovision) {
                // The deprovisioning stops; a suspended site stays suspended, an unsuspended one keeps its state.
                t.tenantState = t.siteSuspended ? TenantState.SUSPENDED : TenantState.valueOf(pending.stateBefore());
                t.deletionDueAt = null;
                t.deprovisionCommandId = null;
            }
            return;
        }
        UUID commandId = UUID.fromString(pending.commandId());
        switch (e.getOperation()) {
            case SUSPEND -> {
                t.siteSuspended = true;
                SuspensionReason reason =
                        SuspensionReason.valueOf(pending.suspensionReason().toUpperCase(Locale.ROOT));
                t.suspensionReason = pending.suspensionReason();
                if (!forDeprovision) {
                    t.tenantState = TenantState.SUSPENDED;
                    t.settle(pending.commandId(), CommandEntry.Status.DONE, null);
                }
                emit(
                        t,
                        out,
                        TenantSuspended.newBuilder()
                                .setEventId(UUID.randomUUID())
                                .setTenantId(UUID.fromString(t.tenantId))
                                .setOccurredAt(now)
                                .setReason(reason)
                                .setCommandId(commandId)
                                .setOperator(pending.operator())
                                .build(),
                        "tenant suspended (" + pending.suspensionReason() + ")",
                        detail("commandId", commandId));
            }
            case RESUME -> {
                t.siteSuspended = false;
                t.suspensionReason = null;
                if (t.deprovisionCommandId != null) {
                    t.settle(
                            t.deprovisionCommandId,
                            CommandEntry.Status.FAILED,
                            "cancelled: resumed by command " + commandId);
                    t.deprovisionCommandId = null;
                    t.deletionDueAt = null;
                }
                t.tenantState = t.activatedAt != null ? TenantState.ACTIVE : TenantState.AWAITING_VERIFICATION;
                t.settle(pending.commandId(), CommandEntry.Status.DONE, null);
                emit(
                        t,
                        out,
                        TenantResumed.newBuilder()
                                .setEventId(UUID.randomUUID())
                                .setTenantId(UUID.fromString(t.tenantId))
                                .setOccurredAt(now)
                                .setCommandId(commandId)
                                .setOperator(pending.operator())
                                .build(),
                        "tenant resumed",
                        detail("commandId", commandId));
                activateIfReady(t, now, out); // verified while its deprovisioning was pending
            }
            case ARCHIVE -> {
                t.backup = backup(e.getBackup());
                t.settle(pending.commandId(), CommandEntry.Status.DONE, null);
                delete(t, DeletionReason.DEPROVISIONED, e.getBackup(), commandId, pending.operator(), now, out);
            }
            default -> {}
        }
    }

    private void delete(
            Tenant t,
            DeletionReason reason,
            Backup backup,
            UUID commandId,
            String operator,
            Instant now,
            List<SpecificRecord> out) {
        t.tenantState = TenantState.DELETED;
        t.siteSuspended = false;
        t.deletionDueAt = null;
        t.deprovisionCommandId = null;
        emit(
                t,
                out,
                TenantDeleted.newBuilder()
                        .setEventId(UUID.randomUUID())
                        .setTenantId(UUID.fromString(t.tenantId))
                        .setOccurredAt(now)
                        .setReason(reason)
                        .setSubdomain(nonNull(t.subdomain))
                        .setBackup(backup)
                        .setCommandId(commandId)
                        .setOperator(operator)
                        .build(),
                "tenant deleted (" + lower(reason) + ")",
                detail("backup", backup == null ? null : backup.getLocation(), "commandId", commandId));
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static void emit(
            Tenant t, List<SpecificRecord> out, SpecificRecord event, String summary, Map<String, String> detail) {
        out.add(event);
        EventMetadata meta = EventMetadata.of(event);
        record(t, meta.occurredAt(), event.getClass().getSimpleName(), summary, detail);
    }

    private static void record(Tenant t, Instant at, String type, String summary, Map<String, String> detail) {
        t.record(new TimelineEntry(at, type, summary, detail));
    }

    /** An older attempt's event: it only goes to the timeline. */
    private static boolean isStale(Tenant t, int attempt) {
        return attempt < t.attempt;
    }

    /** A higher attempt is new work: its signup starts again from accepted. */
    private static void startAttempt(Tenant t, int attempt) {
        if (attempt > t.attempt) {
            t.attempt = attempt;
            t.signupState = SignupState.ACCEPTED;
            t.failure = null;
            t.completedAt = null;
        }
    }

    /** Moves the signup forward within its attempt, never back (events of one tenant come from several topics). */
    private static void advance(Tenant t, SignupState next) {
        if (t.signupState == null || (!isTerminal(t.signupState) && next.ordinal() > t.signupState.ordinal())) {
            t.signupState = next;
        }
    }

    private static boolean isTerminal(SignupState state) {
        return state == SignupState.COMPLETED || state == SignupState.FAILED;
    }

    private static void copy(Tenant t, Signup signup) {
        t.subdomain = signup.getSubdomain();
        t.organization = signup.getOrganization();
        t.email = signup.getEmail();
        if (t.tenantState == TenantState.NONE) {
            t.plan = lower(signup.getPlan());
        }
        if (t.siteUrl == null) {
            t.siteUrl = signup.getSiteUrl();
        }
        t.synthetic = t.synthetic || signup.getSynthetic();
        t.emailVerificationRequired = signup.getEmailVerificationRequired();
        t.deadlineAt = signup.getDeadlineAt();
        if (t.acceptedAt == null) {
            t.acceptedAt = signup.getRequestedAt();
        }
        if (t.emailVerification == null || NOT_REQUIRED.equals(t.emailVerification)) {
            t.emailVerification = signup.getEmailVerificationRequired() ? PENDING : NOT_REQUIRED;
        }
    }

    private static TenantSnapshot.BackupDetail backup(Backup backup) {
        if (backup == null) {
            return null;
        }
        return new TenantSnapshot.BackupDetail(
                backup.getBenchHost(),
                backup.getLocation(),
                backup.getTotalBytes(),
                backup.getTakenAt(),
                backup.getFiles().stream()
                        .map(f -> new TenantSnapshot.BackupDetail.File(
                                f.getKind(), f.getPath(), f.getSizeBytes(), f.getSha256()))
                        .toList());
    }

    private static String notApplicable(OperatorAction action, Tenant t) {
        return lower(action) + " does not apply to a tenant in state " + t.tenantState.wireName();
    }

    private static String inFlight(Tenant t) {
        return "site operation " + t.operations.values().iterator().next().operation() + " is in progress";
    }

    private static Plan plan(String plan) {
        return plan == null ? Plan.FREE : Plan.valueOf(plan.toUpperCase(Locale.ROOT));
    }

    private static String wire(SignupState state) {
        return state == null ? "unknown" : state.wireName();
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }

    /** Pairs of name and value; null values are left out. */
    private static Map<String, String> detail(Object... pairs) {
        Map<String, String> detail = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                detail.put(pairs[i].toString(), pairs[i + 1].toString());
            }
        }
        return detail;
    }
}
