package io.benchline.operator.tenant;

import java.time.Instant;

/**
 * An operator command as the lifecycle applied it (once per commandId). {@code status}: ACCEPTED (applied, work in
 * flight), DONE, REFUSED (not applicable in the tenant's state; {@code message} says why), FAILED (a site operation
 * failed; {@code message} has the provisioner's detail).
 */
public record CommandEntry(
        String commandId,
        String action,
        String operator,
        String reason,
        String idempotencyKey,
        Instant issuedAt,
        Status status,
        String message) {

    public enum Status {
        ACCEPTED,
        DONE,
        REFUSED,
        FAILED
    }
}
