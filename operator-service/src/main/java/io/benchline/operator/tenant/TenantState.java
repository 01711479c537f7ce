package io.benchline.operator.tenant;

/**
 * Where a tenant's lifecycle is (lower case on the wire). NONE: its signup has not completed (see {@link
 * SignupState}). AWAITING_VERIFICATION: completed, email not verified yet. ACTIVE: {@code TenantActivated} emitted.
 * SUSPENDED: {@code TenantSuspended}. DEPROVISIONING: suspended for deletion, backup and drop pending or running.
 * DELETED: {@code TenantDeleted}.
 */
public enum TenantState {
    NONE,
    AWAITING_VERIFICATION,
    ACTIVE,
    SUSPENDED,
    DEPROVISIONING,
    DELETED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
