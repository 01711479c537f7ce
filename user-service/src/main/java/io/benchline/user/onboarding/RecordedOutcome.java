package io.benchline.user.onboarding;

import java.time.Instant;
import java.util.UUID;

/**
 * What user-service decided for a tenant, as kept in its own state. No secrets, no personal data.
 *
 * @param reason the {@code FailureReason} name for failures, {@code null} when completed
 * @param causeEventId the {@code KeysActive} that led to it
 * @param attempt the signup attempt ({@code Signup.attempt}) the outcome ends: a KeysActive of a higher attempt (an
 *     operator's RETRY) is new work, the same attempt again a redelivery
 * @param terminalEventId the eventId of the {@code SignupCompleted} or {@code ProvisioningFailed} emitted
 */
public record RecordedOutcome(
        UUID tenantId,
        Result result,
        String reason,
        UUID causeEventId,
        UUID terminalEventId,
        Instant recordedAt,
        Integer attempt) {

    public RecordedOutcome {
        attempt = attempt == null ? 1 : attempt; // recorded before attempts existed: the first
    }

    public enum Result {
        COMPLETED,
        FAILED
    }
}
