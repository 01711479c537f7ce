package io.benchline.signup.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The body of {@code GET /api/signups/{tenantId}}: the current status and every step so far. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StatusResponse(
        UUID tenantId,
        String subdomain,
        String siteUrl,
        String status,
        int percent,
        String dashboardUrl,
        Failure failure,
        Instant requestedAt,
        Instant deadlineAt,
        List<StepView> steps) {

    static StatusResponse of(SignupStatus status) {
        SignupStatus.Step last = status.steps().get(status.steps().size() - 1);
        return new StatusResponse(
                status.tenantId(),
                status.subdomain(),
                status.siteUrl(),
                status.phase().name().toLowerCase(Locale.ROOT),
                status.percent(),
                last.dashboardUrl(),
                SignupStatus.Step.FAILED.equals(last.kind()) ? Failure.of(last, status.tenantId()) : null,
                status.requestedAt(),
                status.deadlineAt(),
                status.steps().stream()
                        .map(step -> StepView.of(step, status.tenantId()))
                        .toList());
    }

    /** {@code supportReference} is what the customer quotes to support: the tenant id. */
    record Failure(String stage, String reason, String message, Boolean retryable, String supportReference) {

        static Failure of(SignupStatus.Step failed, UUID tenantId) {
            StepView view = StepView.of(failed, tenantId);
            return new Failure(
                    view.failedStage(), view.reason(), view.message(), view.retryable(), view.supportReference());
        }
    }

    /** One step as the browser sees it, in the SSE frames and in the status history alike. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StepView(
            long id,
            String event,
            String stage,
            int percent,
            String message,
            Instant at,
            String dashboardUrl,
            String failedStage,
            String reason,
            Boolean retryable,
            String supportReference) {

        /**
         * A failed step's text is rebuilt from stage and reason, so a status stored before failure text was made
         * customer-safe cannot show a host or bench output either.
         */
        static StepView of(SignupStatus.Step step, UUID tenantId) {
            boolean failed = SignupStatus.Step.FAILED.equals(step.kind());
            return new StepView(
                    step.id(),
                    step.kind(),
                    step.stage(),
                    step.percent(),
                    failed
                            ? FailureText.forCustomer(step.failedStage(), step.reason(), step.retryable(), tenantId)
                            : step.message(),
                    step.at(),
                    step.dashboardUrl(),
                    step.failedStage(),
                    step.reason(),
                    step.retryable(),
                    failed ? tenantId.toString() : null);
        }
    }
}
