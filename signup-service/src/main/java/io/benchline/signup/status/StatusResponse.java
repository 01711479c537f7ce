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
                SignupStatus.Step.FAILED.equals(last.kind())
                        ? new Failure(last.failedStage(), last.reason(), last.message(), last.retryable())
                        : null,
                status.requestedAt(),
                status.deadlineAt(),
                status.steps().stream().map(StepView::of).toList());
    }

    record Failure(String stage, String reason, String message, Boolean retryable) {}

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
            Boolean retryable) {

        static StepView of(SignupStatus.Step step) {
            return new StepView(
                    step.id(),
                    step.kind(),
                    step.stage(),
                    step.percent(),
                    step.message(),
                    step.at(),
                    step.dashboardUrl(),
                    step.failedStage(),
                    step.reason(),
                    step.retryable());
        }
    }
}
