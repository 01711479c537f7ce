package io.benchline.signup.verification;

import io.benchline.signup.system.SignupProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * How a check or a resend changes a tenant's {@link EmailCodeState}. Pure, so the deciding task gives the same
 * answer after a restart or a task move. A wrong code changes nothing but the attempt count.
 */
public final class EmailCodeRules {

    private final SignupProperties.EmailVerification settings;

    public EmailCodeRules(SignupProperties.EmailVerification settings) {
        this.settings = settings;
    }

    /** The state after a new signup's first code. */
    public static EmailCodeState issued(UUID tenantId, String email, String codeHash, Instant now) {
        return new EmailCodeState(tenantId, email, codeHash, now, 0, 1, false, false);
    }

    /** The new state (null when unchanged) and the answer. */
    public record Outcome(EmailCodeState state, DeskAnswer answer) {}

    public Outcome check(EmailCodeState state, String codeHash, Instant now) {
        if (state == null) {
            return unchanged(Verdict.UNKNOWN, 0);
        }
        int left = Math.max(0, settings.maxAttempts() - state.attempts());
        if (state.verified()) {
            return unchanged(Verdict.ALREADY_VERIFIED, left);
        }
        if (state.closed()) {
            return unchanged(Verdict.WINDOW_CLOSED, left);
        }
        if (left == 0) {
            return unchanged(Verdict.TOO_MANY_ATTEMPTS, 0);
        }
        if (!now.isBefore(state.codeSentAt().plus(settings.codeTtl()))) {
            return unchanged(Verdict.CODE_EXPIRED, left);
        }
        if (codeHash != null
                && MessageDigest.isEqual(
                        codeHash.getBytes(StandardCharsets.US_ASCII),
                        state.codeHash().getBytes(StandardCharsets.US_ASCII))) {
            EmailCodeState verified = new EmailCodeState(
                    state.tenantId(),
                    state.email(),
                    state.codeHash(),
                    state.codeSentAt(),
                    state.attempts(),
                    state.codesSent(),
                    true,
                    false);
            return new Outcome(verified, new DeskAnswer(Verdict.VERIFIED, null, 0, left));
        }
        EmailCodeState counted = new EmailCodeState(
                state.tenantId(),
                state.email(),
                state.codeHash(),
                state.codeSentAt(),
                state.attempts() + 1,
                state.codesSent(),
                false,
                false);
        return new Outcome(counted, new DeskAnswer(Verdict.WRONG, null, 0, left - 1));
    }

    public Outcome resend(EmailCodeState state, String codeHash, Instant now) {
        if (state == null) {
            return unchanged(Verdict.UNKNOWN, 0);
        }
        if (state.verified()) {
            return unchanged(Verdict.ALREADY_VERIFIED, 0);
        }
        if (state.closed()) {
            return unchanged(Verdict.WINDOW_CLOSED, 0);
        }
        if (state.codesSent() >= settings.maxCodes()) {
            return unchanged(Verdict.TOO_MANY_CODES, 0);
        }
        Instant due = state.codeSentAt().plus(settings.resendCooldown());
        if (now.isBefore(due)) {
            long wait = Math.max(1, (Duration.between(now, due).toMillis() + 999) / 1000);
            return new Outcome(null, new DeskAnswer(Verdict.COOLDOWN, null, wait, 0));
        }
        EmailCodeState renewed = new EmailCodeState(
                state.tenantId(), state.email(), codeHash, now, 0, state.codesSent() + 1, false, false);
        return new Outcome(renewed, new DeskAnswer(Verdict.SENT, state.email(), 0, settings.maxAttempts()));
    }

    /** The window closed with the email unverified; null when there is nothing to close. */
    public static EmailCodeState closed(EmailCodeState state) {
        if (state == null || state.verified() || state.closed()) {
            return null;
        }
        return new EmailCodeState(
                state.tenantId(),
                state.email(),
                state.codeHash(),
                state.codeSentAt(),
                state.attempts(),
                state.codesSent(),
                false,
                true);
    }

    private static Outcome unchanged(Verdict verdict, int attemptsLeft) {
        return new Outcome(null, new DeskAnswer(verdict, null, 0, attemptsLeft));
    }
}
