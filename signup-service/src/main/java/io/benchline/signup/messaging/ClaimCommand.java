package io.benchline.signup.messaging;

import java.util.UUID;

/**
 * A request to the registry, keyed by subdomain. A CLAIM carries the whole {@code TenantRequested} (Avro
 * single-object bytes, password sealed) so the registry emits it in the same transaction that records the claim; with
 * email verification on, also the keyed hash of the first code and the address it goes to, which the registry hands
 * to the tenant's owner in that transaction too. A RELEASE frees the name of a signup that failed (or of a deleted
 * tenant, after its quarantine). A RECLAIM is an operator's RETRY of a failed signup: the name is taken again for the
 * same tenant when it is free or still this tenant's, and the next attempt's {@code TenantRequested} is published;
 * held by another tenant, the attempt ends at once in {@code ProvisioningFailed(SIGNUP, SUBDOMAIN_TAKEN)}.
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
        RELEASE,
        RECLAIM
    }

    static ClaimCommand release(UUID tenantId, String subdomain) {
        return new ClaimCommand(Type.RELEASE, null, tenantId, subdomain, null, null, null);
    }

    static ClaimCommand reclaim(UUID requestId, UUID tenantId, String subdomain, byte[] tenantRequested) {
        return new ClaimCommand(Type.RECLAIM, requestId, tenantId, subdomain, tenantRequested, null, null);
    }

    @Override
    public String toString() {
        return "ClaimCommand[type=" + type + ", requestId=" + requestId + ", tenantId=" + tenantId + ", subdomain="
                + subdomain + "]";
    }
}
