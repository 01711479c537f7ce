package io.benchline.signup.messaging;

import java.time.Instant;
import java.util.UUID;

/**
 * What an operator's RETRY re-sends: the signup's original {@code TenantRequested} (Avro single-object bytes, the
 * password still sealed). Kept while the signup runs and, once it failed, until {@code expiresAt} (the failure +
 * {@code benchline.signup.retry-window}); then dropped. {@code pendingAttempt} is the attempt a RECLAIM was sent
 * for and not yet answered (0: none), so a second RETRY cannot start the same attempt twice.
 */
record RetainedRequest(UUID tenantId, byte[] tenantRequested, Instant expiresAt, int pendingAttempt) {

    RetainedRequest failedAt(Instant expiresAt) {
        return new RetainedRequest(tenantId, tenantRequested, expiresAt, 0);
    }

    RetainedRequest pending(int attempt) {
        return new RetainedRequest(tenantId, tenantRequested, expiresAt, attempt);
    }

    RetainedRequest running() {
        return new RetainedRequest(tenantId, tenantRequested, null, 0);
    }

    @Override
    public String toString() {
        return "RetainedRequest[tenantId=" + tenantId + ", expiresAt=" + expiresAt + ", pendingAttempt="
                + pendingAttempt + "]";
    }
}
