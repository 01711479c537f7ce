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
 * instance. Events for a finished signup, repeated events and unknown events change nothing.
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
                List.of(event.getEventId()));
    }

    /** The status after {@code event}, or empty when the event changes nothing the customer sees. */
    public static Optional<SignupStatus> apply(SignupStatus current, SpecificRecord event) {
        if (current.isTerminal()) {
            return Optional.empty();
        }
        UUID eventId = eventId(event);
        if (eventId != null && current.seenEventIds().contains(eventId)) {
            return Optional.empty();
        }
        if (event instanceof ProvisioningProgressed p) {
            int percent = ProgressScale.of(p.getStep(), p.getPhase());
            String message = p.getMessage().isBlank() ? defaultMessage(p.getStep(), p.getPhase()) : p.getMessage();
            return Optional.of(next(
                    current,
                    eventId,
                    Phase.PROVISIONING,
                    progress(current, stageOf(p.getStep()), percent, message, p.getOccurredAt())));
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
            Step step = new Step(
                    current.lastStepId() + 1,
                    Step.COMPLETED,
                    "completed",
                    ProgressScale.COMPLETED,
                    "Your site is ready.",
                    c.getOccurredAt(),
                    c.getDashboardUrl(),
                    null,
                    null,
                    null);
            return Optional.of(next(current, eventId, Phase.COMPLETED, step));
        }
        if (event instanceof ProvisioningFailed f) {
            return Optional.of(next(current, eventId, Phase.FAILED, failed(current, f)));
        }
        return Optional.empty();
    }

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
                .build();
    }

    public static boolean isOverdue(SignupStatus status, Instant now, java.time.Duration grace) {
        return !status.isTerminal() && now.isAfter(status.deadlineAt().plus(grace));
    }

    /**
     * The customer's failure step: stage, reason and {@link FailureText}. The failing stage's own message (hosts,
     * bench output) is logged here for operators and kept in the event, never in the status the browser reads.
     */
    private static Step failed(SignupStatus current, ProvisioningFailed f) {
        String stage = f.getStage().name().toLowerCase(Locale.ROOT);
        String reason = f.getReason().name().toLowerCase(Locale.ROOT);
        log.info("signup {} failed at stage {} ({}): {}", current.tenantId(), stage, reason, f.getMessage());
        return new Step(
                current.lastStepId() + 1,
                Step.FAILED,
                "failed",
                current.percent(),
                FailureText.forCustomer(stage, reason, f.getRetryable(), current.tenantId()),
                f.getOccurredAt(),
                null,
                stage,
                reason,
                f.getRetryable());
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
        return new SignupStatus(
                current.tenantId(),
                current.subdomain(),
                current.organization(),
                current.siteUrl(),
                current.plan(),
                current.requestedAt(),
                current.deadlineAt(),
                phase,
                step.percent(),
                steps,
                seen);
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
            default -> "Working";
        };
        return phase == StepPhase.FINISHED ? what + ": done." : what + "…";
    }

    private static UUID eventId(SpecificRecord event) {
        Object id = event.get(event.getSchema().getField("eventId").pos());
        return id instanceof UUID uuid ? uuid : id == null ? null : UUID.fromString(id.toString());
    }
}
