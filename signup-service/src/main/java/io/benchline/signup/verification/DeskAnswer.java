package io.benchline.signup.verification;

/**
 * The answer to one check or resend. {@code email} is set only on {@link Verdict#SENT} (where to mail the new code);
 * {@code retryAfterSeconds} on {@link Verdict#COOLDOWN}; {@code attemptsLeft} after a check.
 */
public record DeskAnswer(Verdict verdict, String email, long retryAfterSeconds, int attemptsLeft) {

    @Override
    public String toString() {
        return "DeskAnswer[verdict=" + verdict + ", retryAfterSeconds=" + retryAfterSeconds + ", attemptsLeft="
                + attemptsLeft + "]";
    }
}
