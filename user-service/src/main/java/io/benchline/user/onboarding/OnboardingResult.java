package io.benchline.user.onboarding;

/** What handling one {@code KeysActive} came to. */
public enum OnboardingResult {
    /** The administrator exists; {@code SignupCompleted} was emitted. */
    COMPLETED,
    /** {@code ProvisioningFailed} (stage USER) was emitted. */
    FAILED,
    /** An outcome was already recorded for this tenant: nothing done, nothing emitted. */
    DUPLICATE,
    /** The signup's deadline passed before or during the work: nothing emitted (signup-service owns TIMEOUT). */
    PAST_DEADLINE
}
