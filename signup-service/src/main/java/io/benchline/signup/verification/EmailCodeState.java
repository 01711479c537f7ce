package io.benchline.signup.verification;

import java.time.Instant;
import java.util.UUID;

/**
 * One tenant's email verification as the deciding task keeps it: the keyed hash of the current code (never the
 * code), when it was sent, the wrong attempts on it, how many codes were sent, and whether the email was verified
 * or the window closed. {@code email} is where codes go.
 */
public record EmailCodeState(
        UUID tenantId,
        String email,
        String codeHash,
        Instant codeSentAt,
        int attempts,
        int codesSent,
        boolean verified,
        boolean closed) {

    @Override
    public String toString() {
        return "EmailCodeState[tenantId=" + tenantId + ", codeSentAt=" + codeSentAt + ", attempts=" + attempts
                + ", codesSent=" + codesSent + ", verified=" + verified + ", closed=" + closed + "]";
    }
}
