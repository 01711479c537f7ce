package io.benchline.operator.api;

import io.benchline.operator.tenant.FailureDetail;
import io.benchline.operator.tenant.TenantSnapshot;
import java.time.Instant;

/** A signup in {@code GET /ops/signups}: where its pipeline is, and why it failed if it did. */
record SignupItem(
        String tenantId,
        String subdomain,
        String organization,
        String email,
        String plan,
        String host,
        String state,
        int attempt,
        boolean synthetic,
        Instant acceptedAt,
        Instant updatedAt,
        Failure failure) {

    record Failure(String stage, String reason, boolean retryable) {

        static Failure of(FailureDetail detail) {
            return detail == null ? null : new Failure(detail.stage(), detail.reason(), detail.retryable());
        }
    }

    static SignupItem of(TenantSnapshot s) {
        return new SignupItem(
                s.tenantId(),
                s.subdomain(),
                s.organization(),
                s.email(),
                ListFilters.lower(s.plan()),
                s.host(),
                s.signupState() == null ? null : s.signupState().wireName(),
                s.attempt(),
                s.synthetic(),
                s.acceptedAt(),
                s.updatedAt(),
                Failure.of(s.failure()));
    }
}
