package io.benchline.signup.messaging;

import java.util.UUID;

/**
 * A request to the registry, keyed by subdomain. A CLAIM carries the whole {@code TenantRequested} (Avro
 * single-object bytes, password sealed) so the registry emits it in the same transaction that records the claim; with
 * email verification on, also the keyed hash of the first code and the address it goes to, which the registry hands
 * to the tenant's owner in that transaction too. A RELEASE frees the name of a signup that failed.
 */
record ClaimCommand(
        Type type,
        UUID requestId,
        UUID tenantId,
        String subdomain,
        byte[] tenantRequested,
        String codeHash,
        String email) {

    enum Type {
        CLAIM,
        RELEASE
    }

    static ClaimCommand release(UUID tenantId, String subdomain) {
        return new ClaimCommand(Type.RELEASE, null, tenantId, subdomain, null, null, null);
    }

    @Override
    public String toString() {
        return "ClaimCommand[type=" + type + ", requestId=" + requestId + ", tenantId=" + tenantId + ", subdomain="
                + subdomain + "]";
    }
}
