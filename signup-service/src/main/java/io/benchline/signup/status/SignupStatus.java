package io.benchline.signup.status;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the customer sees of one signup, rebuilt from events and kept in Kafka. Steps only grow and percent never
 * falls; once {@code phase} is terminal nothing changes any more. {@code seenEventIds} makes redelivered events
 * harmless. {@code emailVerification} is {@code not_required} (or null, as stored before verification existed),
 * {@code pending}, {@code verified} or {@code expired}; {@code path} is {@code pool} or {@code cold} once known;
 * {@code siteReady} holds what {@code SignupCompleted} said while the hand-off waits for the email to be verified.
 * {@code attempt} is the signup's latest attempt ({@code Signup.attempt}): an operator's RETRY of a failed signup
 * starts the next one, with a fresh step history whose ids continue after the previous attempt's (so a stream's
 * {@code Last-Event-ID} stays meaningful); events of an older attempt change nothing.
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
        List<UUID> seenEventIds,
        String emailVerification,
        String path,
        SiteReady siteReady,
        Integer attempt) {

    public static final String NOT_REQUIRED = "not_required";
    public static final String PENDING = "pending";
    public static final String VERIFIED = "verified";
    public static final String EXPIRED = "expired";

    public SignupStatus {
        steps = List.copyOf(steps);
        seenEventIds = List.copyOf(seenEventIds);
        emailVerification = emailVerification == null ? NOT_REQUIRED : emailVerification;
        attempt = attempt == null ? 1 : attempt; // stored before attempts existed: the first
    }

    /** The email check still stands between a built site and the hand-off. */
    public boolean awaitsEmail() {
        return PENDING.equals(emailVerification);
    }

    /** The site as {@code SignupCompleted} described it: where the hand-off redirects. */
    public record SiteReady(String siteUrl, String dashboardUrl, Instant at) {}

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
        /** The site is built; the hand-off waits for the email code. */
        AWAITING_VERIFICATION,
        COMPLETED,
        FAILED
    }

    /**
     * One step as the browser shows it. {@code kind} is the SSE event name: {@code progress}, {@code verification}
     * (with {@code verification}: {@code code_sent} or {@code verified}), or the final {@code completed} (with
     * {@code dashboardUrl}) or {@code failed} (with {@code failedStage}, {@code reason}).
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
            Boolean retryable,
            String verification) {

        public static final String PROGRESS = "progress";
        public static final String VERIFICATION = "verification";
        public static final String COMPLETED = "completed";
        public static final String FAILED = "failed";

        public boolean isFinal() {
            return COMPLETED.equals(kind) || FAILED.equals(kind);
        }
    }
}
