package io.benchline.signup.status;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the customer sees of one signup, rebuilt from events and kept in Kafka. Steps only grow and percent never
 * falls; once {@code phase} is terminal nothing changes any more. {@code seenEventIds} makes redelivered events
 * harmless.
 */
public record SignupStatus(
        UUID tenantId,
        String subdomain,
        String organization,
        String siteUrl,
        String plan,
        Instant requestedAt,
        Instant deadlineAt,
        Phase phase,
        int percent,
        List<Step> steps,
        List<UUID> seenEventIds) {

    public SignupStatus {
        steps = List.copyOf(steps);
        seenEventIds = List.copyOf(seenEventIds);
    }

    public boolean isTerminal() {
        return phase == Phase.COMPLETED || phase == Phase.FAILED;
    }

    public long lastStepId() {
        return steps.isEmpty() ? 0 : steps.get(steps.size() - 1).id();
    }

    public enum Phase {
        ACCEPTED,
        PROVISIONING,
        VERIFYING,
        CREATING_USER,
        COMPLETED,
        FAILED
    }

    /**
     * One step as the browser shows it. {@code kind} is the SSE event name: {@code progress}, or the final
     * {@code completed} (with {@code dashboardUrl}) or {@code failed} (with {@code failedStage}, {@code reason}).
     */
    public record Step(
            long id,
            String kind,
            String stage,
            int percent,
            String message,
            Instant at,
            String dashboardUrl,
            String failedStage,
            String reason,
            Boolean retryable) {

        public static final String PROGRESS = "progress";
        public static final String COMPLETED = "completed";
        public static final String FAILED = "failed";

        public boolean isFinal() {
            return COMPLETED.equals(kind) || FAILED.equals(kind);
        }
    }
}
