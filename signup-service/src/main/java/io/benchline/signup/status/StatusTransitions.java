package io.benchline.signup.status;

import io.benchline.events.FailureReason;
import io.benchline.events.FailureStage;
import io.benchline.events.KeysActive;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.ProvisioningProgressed;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.SignupCompleted;
import io.benchline.events.SiteProvisioned;
import io.benchline.events.StepPhase;
import io.benchline.events.TenantRequested;
import io.benchline.signup.status.SignupStatus.Phase;
import io.benchline.signup.status.SignupStatus.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How each pipeline event moves a signup's status. Pure: the same events give the same status on every
 * instance. Events for a finished signup, repeated events, unknown events and progress that arrives after the site
 * was provisioned change nothing.
 */
public final class StatusTransitions {

    /** Enough to recognise any redelivery of one tenant's events (a signup has about fifteen). */
    static final int REMEMBERED_EVENT_IDS = 64;

    private static final Logger log = LoggerFactory.getLogger(StatusTransitions.class);

    private StatusTransitions() {}

    public static SignupStatus accepted(TenantRequested event) {
        var signup = event.getSignup();
        Step step = new Step(
                1,
                Step.PROGRESS,
                "accepted",
                ProgressScale.ACCEPTED,
                "Signup accepted; waiting for a bench host.",
                event.getOccurredAt(),
                null,
                null,
                null,
                null,
                null);
        return new SignupStatus(
                event.getTenantId(),
                signup.getSubdomain(),
                signup.getOrganization(),
                signup.getSiteUrl(),
                signup.getPlan().name().toLowerCase(Locale.ROOT),
                signup.getRequestedAt(),
                signup.getDeadlineAt(),
                Phase.ACCEPTED,
                ProgressScale.ACCEPTED,
                List.of(step),
                List.of(event.getEventId()),
                SignupStatus.NOT_REQUIRED,
                null,
                null,
                signup.getAttempt());
    }

    /**
     * The next attempt of a failed signup (an operator's RETRY, re-claimed): accepted again with the new deadline
     * and a fresh step history, whose ids continue after the previous attempt's so a stream resumed with
     * {@code Last-Event-ID} misses nothing. The email verification's state carries over.
     */
    public static SignupStatus retried(SignupStatus current, TenantRequested event) {
        var signup = event.getSignup();
        Step step = new Step(
                current.lastStepId() + 1,
                Step.PROGRESS,
                "accepted",
                ProgressScale.ACCEPTED,
                "Trying again (attempt " + signup.getAttempt() + "); waiting for a bench host.",
                event.getOccurredAt(),
                null,
                null,
                null,
                null,
                null);
        List<UUID> seen = new ArrayList<>(current.seenEventIds());
        seen.add(event.getEventId());
        if (seen.size() > REMEMBERED_EVENT_IDS) {
            seen = seen.subList(seen.size() - REMEMBERED_EVENT_IDS, seen.size());
        }
        return new SignupStatus(
                current.tenantId(),
                current.subdomain(),
                current.organization(),
                current.siteUrl(),
                current.plan(),
                signup.getRequestedAt(),
                signup.getDeadlineAt(),
                Phase.ACCEPTED,
                ProgressScale.ACCEPTED,
                List.of(step),
                seen,
                current.emailVerification(),
                null,
                null,
                signup.getAttempt());
    }

    /**
     * A failed signup whose next attempt ended before it began (a RETRY refused: the subdomain belongs to another
     * signup now): still failed, now at that attempt, with the new failure as its final step.
     */
    public static Optional<SignupStatus> nextAttemptFailed(SignupStatus current, ProvisioningFailed f) {
        if (current.phase() != Phase.FAILED || f.getAttempt() <= current.attempt()) {
            return Optional.empty();
        }
        SignupStatus moved = new SignupStatus(
                current.tenantId(),
                current.subdomain(),
                current.organization(),
                current.siteUrl(),
                current.plan(),
                current.requestedAt(),
                current.deadlineAt(),
                current.phase(),
                current.percent(),
                current.steps(),
                current.seenEventIds(),
                current.emailVerification(),
                current.path(),
                current.siteReady(),
                f.getAttempt());
        return Optional.of(next(moved, eventId(f), Phase.FAILED, failed(moved, f)));
    }

    /** The status after {@code event}, or empty when the event changes nothing the customer sees. */
    public static Optional<SignupStatus> apply(SignupStatus current, SpecificRecord event) {
        if (current.isTerminal() || current.siteReady() != null) {
            return Optional.empty(); // a built site waits only for the email code
        }
        UUID eventId = eventId(event);
        if (eventId != null && current.seenEventIds().contains(eventId)) {
            return Optional.empty();
        }
        if (event instanceof ProvisioningProgressed p) {
            if (current.phase() != Phase.ACCEPTED && current.phase() != Phase.PROVISIONING) {
                // Overtaken by SiteProvisioned (another topic: Kafka orders neither against the other): the site is
                // built, and the bar never moves back to provisioning.
                return Optional.empty();
            }
            int percent = ProgressScale.of(p.getStep(), p.getPhase());
            String message = p.getMessage().isBlank() ? defaultMessage(p.getStep(), p.getPhase()) : p.getMessage();
            SignupStatus withPath = withPath(current, p.getStep());
            return Optional.of(next(
                    withPath,
                    eventId,
                    Phase.PROVISIONING,
                    progress(withPath, stageOf(p.getStep()), percent, message, p.getOccurredAt())));
        }
        if (event instanceof SiteProvisioned s) {
            return Optional.of(next(
                    current,
                    eventId,
                    Phase.VERIFYING,
                    progress(
                            current,
                            "site_provisioned",
                            ProgressScale.SITE_PROVISIONED,
                            "Your site exists; checking its API keys.",
                            s.getOccurredAt())));
        }
        if (event instanceof KeysActive k) {
            return Optional.of(next(
                    current,
                    eventId,
                    Phase.CREATING_USER,
                    progress(
                            current,
                            "keys_active",
                            ProgressScale.KEYS_ACTIVE,
                            "API keys work; creating your administrator account.",
                            k.getOccurredAt())));
        }
        if (event instanceof SignupCompleted c) {
            SignupStatus ready = with(
                    current,
                    current.emailVerification(),
                    current.path(),
                    new SignupStatus.SiteReady(c.getSiteUrl(), c.getDashboardUrl(), c.getOccurredAt()));
            if (current.awaitsEmail()) {
                return Optional.of(next(
                        ready,
                        eventId,
                        Phase.AWAITING_VERIFICATION,
                        progress(
                                ready,
                                "site_ready",
                                ProgressScale.SITE_READY,
                                "Your site is built. Enter the code we emailed you to open it.",
                                c.getOccurredAt())));
            }
            return Optional.of(next(ready, eventId, Phase.COMPLETED, completedStep(ready, c.getOccurredAt())));
        }
        if (event instanceof ProvisioningFailed f) {
            return Optional.of(next(current, eventId, Phase.FAILED, failed(current, f)));
        }
        return Optional.empty();
    }

    /**
     * A code was mailed ({@code codesSent} so far): the email now has to be verified before the hand-off. Nothing
     * changes for a signup that has ended or whose email is already verified.
     */
    public static Optional<SignupStatus> codeSent(SignupStatus current, int codesSent, Instant at) {
        if (current.isTerminal() || SignupStatus.VERIFIED.equals(current.emailVerification())) {
            return Optional.empty();
        }
        String message = codesSent > 1
                ? "We emailed you a new code. Enter it to confirm your email address."
                : "We emailed you a 6-digit code. Enter it to confirm your email address.";
        SignupStatus pending = with(current, SignupStatus.PENDING, current.path(), current.siteReady());
        return Optional.of(next(pending, null, current.phase(), verificationStep(pending, "code_sent", message, at)));
    }

    /** The right code was entered: a built site is handed off now, an unfinished one as soon as it is built. */
    public static Optional<SignupStatus> emailVerified(SignupStatus current, Instant at) {
        if (current.isTerminal() || SignupStatus.VERIFIED.equals(current.emailVerification())) {
            return Optional.empty();
        }
        SignupStatus verified = with(current, SignupStatus.VERIFIED, current.path(), current.siteReady());
        SignupStatus withStep = next(
                verified,
                null,
                current.phase(),
                verificationStep(verified, "verified", "Your email address is confirmed.", at));
        if (current.siteReady() == null) {
            return Optional.of(withStep);
        }
        return Optional.of(next(withStep, null, Phase.COMPLETED, completedStep(withStep, at)));
    }

    /**
     * The verification window closed with the email unverified: the signup fails (stage signup, reason
     * email_not_verified) and, like every failure, releases its subdomain; the site is removed.
     */
    public static Optional<SignupStatus> emailNotVerified(SignupStatus current, Instant at) {
        if (current.isTerminal() || !current.awaitsEmail()) {
            return Optional.empty();
        }
        SignupStatus expired = with(current, SignupStatus.EXPIRED, current.path(), current.siteReady());
        return Optional.of(
                next(expired, null, Phase.FAILED, failureStep(current, "signup", EMAIL_NOT_VERIFIED, true, at)));
    }

    /** The reason of a signup whose email was not verified in time, as the status and the stream carry it. */
    public static final String EMAIL_NOT_VERIFIED = "email_not_verified";

    /** The TIMEOUT failure signup-service owns: emitted once, after the deadline and its grace have passed. */
    public static ProvisioningFailed deadlineExceeded(SignupStatus status, Instant now) {
        return ProvisioningFailed.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(status.tenantId())
                .setOccurredAt(now)
                .setStage(FailureStage.TIMEOUT)
                .setReason(FailureReason.DEADLINE_EXCEEDED)
                .setMessage("Setting up your site took longer than expected. Please try again.")
                .setRetryable(true)
                .setSubdomain(status.subdomain())
                .setAttempt(status.attempt())
                .build();
    }

    /** The deadline bounds building the site: a built site waiting for the email code is not overdue. */
    public static boolean isOverdue(SignupStatus status, Instant now, java.time.Duration grace) {
        return !status.isTerminal()
                && status.siteReady() == null
                && now.isAfter(status.deadlineAt().plus(grace));
    }

    /**
     * The customer's failure step: stage, reason and {@link FailureText}. The failing stage's own message (hosts,
     * bench output) is logged here for operators and kept in the event, never in the status the browser reads.
     */
    private static Step failed(SignupStatus current, ProvisioningFailed f) {
        String stage = f.getStage().name().toLowerCase(Locale.ROOT);
        String reason = f.getReason().name().toLowerCase(Locale.ROOT);
        log.info("signup {} failed at stage {} ({}): {}", current.tenantId(), stage, reason, f.getMessage());
        return failureStep(current, stage, reason, f.getRetryable(), f.getOccurredAt());
    }

    /** A failure as the customer reads it: {@link FailureText} from stage and reason, never a stage's own message. */
    private static Step failureStep(SignupStatus current, String stage, String reason, boolean retryable, Instant at) {
        return new Step(
                current.lastStepId() + 1,
                Step.FAILED,
                "failed",
                current.percent(),
                FailureText.forCustomer(stage, reason, retryable, current.tenantId()),
                at,
                null,
                stage,
                reason,
                retryable,
                null);
    }

    private static Step completedStep(SignupStatus current, Instant at) {
        return new Step(
                current.lastStepId() + 1,
                Step.COMPLETED,
                "completed",
                ProgressScale.COMPLETED,
                "Your site is ready. Taking you there now.",
                at,
                current.siteReady().dashboardUrl(),
                null,
                null,
                null,
                null);
    }

    private static Step verificationStep(SignupStatus current, String verification, String message, Instant at) {
        return new Step(
                current.lastStepId() + 1,
                Step.VERIFICATION,
                "email_verification",
                current.percent(),
                message,
                at,
                null,
                null,
                null,
                null,
                verification);
    }

    /** {@code pool} once a standby was claimed (even after a claim that fell back), {@code cold} once a site is built. */
    private static SignupStatus withPath(SignupStatus current, ProvisioningStep step) {
        if (step == ProvisioningStep.CLAIM_STANDBY && !"pool".equals(current.path())) {
            return with(current, current.emailVerification(), "pool", current.siteReady());
        }
        if (step == ProvisioningStep.CREATE_SITE && current.path() == null) {
            return with(current, current.emailVerification(), "cold", current.siteReady());
        }
        return current;
    }

    private static SignupStatus with(
            SignupStatus current, String emailVerification, String path, SignupStatus.SiteReady siteReady) {
        return copy(
                current,
                current.phase(),
                current.percent(),
                current.steps(),
                current.seenEventIds(),
                emailVerification,
                path,
                siteReady);
    }

    private static Step progress(SignupStatus current, String stage, int percent, String message, Instant at) {
        return new Step(
                current.lastStepId() + 1,
                Step.PROGRESS,
                stage,
                Math.max(current.percent(), percent),
                message,
                at,
                null,
                null,
                null,
                null,
                null);
    }

    private static SignupStatus next(SignupStatus current, UUID eventId, Phase phase, Step step) {
        List<Step> steps = new ArrayList<>(current.steps());
        steps.add(step);
        List<UUID> seen = new ArrayList<>(current.seenEventIds());
        if (eventId != null) {
            seen.add(eventId);
        }
        if (seen.size() > REMEMBERED_EVENT_IDS) {
            seen = seen.subList(seen.size() - REMEMBERED_EVENT_IDS, seen.size());
        }
        return copy(
                current,
                phase,
                step.percent(),
                steps,
                seen,
                current.emailVerification(),
                current.path(),
                current.siteReady());
    }

    /** {@code current} with everything that a transition may change replaced; the signup's own facts stay. */
    private static SignupStatus copy(
            SignupStatus current,
            Phase phase,
            int percent,
            List<Step> steps,
            List<UUID> seenEventIds,
            String emailVerification,
            String path,
            SignupStatus.SiteReady siteReady) {
        return new SignupStatus(
                current.tenantId(),
                current.subdomain(),
                current.organization(),
                current.siteUrl(),
                current.plan(),
                current.requestedAt(),
                current.deadlineAt(),
                phase,
                percent,
                steps,
                seenEventIds,
                emailVerification,
                path,
                siteReady,
                current.attempt());
    }

    private static String stageOf(ProvisioningStep step) {
        return step.name().toLowerCase(Locale.ROOT);
    }

    private static String defaultMessage(ProvisioningStep step, StepPhase phase) {
        String what = switch (step) {
            case CHOOSE_HOST -> "Choosing a server";
            case CREATE_SITE -> "Creating your site";
            case GENERATE_KEYS -> "Generating API keys";
            case PUBLISH_SITE -> "Publishing your site";
            case WARM_UP -> "Warming up your site";
            case CLAIM_STANDBY -> "Taking a ready-built site for you";
            default -> "Working";
        };
        return phase == StepPhase.FINISHED ? what + ": done." : what + "…";
    }

    private static UUID eventId(SpecificRecord event) {
        Object id = event.get(event.getSchema().getField("eventId").pos());
        return id instanceof UUID uuid ? uuid : id == null ? null : UUID.fromString(id.toString());
    }
}
