package io.benchline.signup.messaging;

import java.util.UUID;

/**
 * A request about one tenant to the task that owns it (keyed by tenantId, so one task decides each tenant):
 * {@code ISSUE_CODE} (the registry, when a signup with email verification is accepted), {@code CHECK_CODE},
 * {@code RESEND_CODE} and {@code ENTER} (any instance, answered with a {@link TenantDecision} of the same request
 * id). Codes travel only as keyed hashes.
 */
record TenantCommand(Type type, UUID requestId, UUID tenantId, String codeHash, String email) {

    enum Type {
        ISSUE_CODE,
        CHECK_CODE,
        RESEND_CODE,
        ENTER
    }

    @Override
    public String toString() {
        return "TenantCommand[type=" + type + ", requestId=" + requestId + ", tenantId=" + tenantId + "]";
    }
}
