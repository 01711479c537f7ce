package io.benchline.operator.api;

import io.benchline.operator.tenant.TenantSnapshot;
import java.time.Instant;

/** A tenant in {@code GET /ops/tenants}: its lifecycle state and what billing cares about. */
record TenantItem(
        String tenantId,
        String subdomain,
        String organization,
        String plan,
        String host,
        String siteUrl,
        String state,
        Instant activatedAt,
        Instant trialEndsAt,
        String suspensionReason,
        Instant deletionDueAt,
        boolean synthetic) {

    static TenantItem of(TenantSnapshot s) {
        return new TenantItem(
                s.tenantId(),
                s.subdomain(),
                s.organization(),
                ListFilters.lower(s.plan()),
                s.host(),
                s.siteUrl(),
                s.tenantState() == null ? null : s.tenantState().wireName(),
                s.activatedAt(),
                s.trialEndsAt(),
                ListFilters.lower(s.suspensionReason()),
                s.deletionDueAt(),
                s.synthetic());
    }
}
