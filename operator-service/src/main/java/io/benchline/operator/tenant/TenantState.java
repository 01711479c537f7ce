package io.benchline.operator.tenant;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

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

    /** Which states a command may start from (contracts §3); the API answers 409 early, the lifecycle decides. */
    public static final Set<TenantState> SUSPENDABLE =
            Collections.unmodifiableSet(EnumSet.of(ACTIVE, AWAITING_VERIFICATION));

    /** A tenant whose site exists and has not begun to leave: its plan may change, it may be deprovisioned. */
    public static final Set<TenantState> LIVE =
            Collections.unmodifiableSet(EnumSet.of(ACTIVE, AWAITING_VERIFICATION, SUSPENDED));

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
