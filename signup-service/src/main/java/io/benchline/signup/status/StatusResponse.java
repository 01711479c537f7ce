package io.benchline.signup.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.benchline.signup.access.StreamAccess;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The body of {@code GET /api/signups/{tenantId}}: the current status and every step so far. {@code status} is the
 * phase ({@code accepted}, {@code provisioning}, {@code verifying}, {@code creating_user},
 * {@code awaiting_verification}: built, waiting for the email code, {@code completed}, {@code failed});
 * {@code enterUrl} appears once the customer can be handed off; {@code estimatedSecondsLeft} is always present,
 * null when unknown. {@code attempt} is the signup's latest attempt (1, or more after an operator's retry); the
 * steps are that attempt's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StatusResponse(
        UUID tenantId,
        String subdomain,
        String siteUrl,
        String status,
        int percent,
        String dashboardUrl,
        String enterUrl,
        String emailVerification,
        String path,
        @JsonInclude(JsonInclude.Include.ALWAYS) Long estimatedSecondsLeft,
        Failure failure,
        Instant requestedAt,
        Instant deadlineAt,
        int attempt,
        List<StepView> steps) {

    static StatusResponse of(SignupStatus status, Long estimatedSecondsLeft) {
        SignupStatus.Step last = status.steps().get(status.steps().size() - 1);
        return new StatusResponse(
                status.tenantId(),
                status.subdomain(),
                status.siteUrl(),
                status.phase().name().toLowerCase(Locale.ROOT),
                status.percent(),
                last.dashboardUrl(),
                status.phase() == SignupStatus.Phase.COMPLETED ? enterUrl(status.tenantId()) : null,
                status.emailVerification(),
                status.path(),
                estimatedSecondsLeft,
                SignupStatus.Step.FAILED.equals(last.kind()) ? Failure.of(last, status.tenantId()) : null,
                status.requestedAt(),
                status.deadlineAt(),
                status.attempt(),
                status.steps().stream()
                        .map(step -> StepView.of(step, status.tenantId()))
                        .toList());
    }

    /** Where the customer enters the new site; needs the signup's credential (the cookie, or {@code ?token=}). */
    static String enterUrl(UUID tenantId) {
        return StreamAccess.signupPath(tenantId) + "/enter";
    }

    /** {@code supportReference} is what the customer quotes to support: the tenant id. */
    record Failure(String stage, String reason, String message, Boolean retryable, String supportReference) {

        static Failure of(SignupStatus.Step failed, UUID tenantId) {
            StepView view = StepView.of(failed, tenantId);
            return new Failure(
                    view.failedStage(), view.reason(), view.message(), view.retryable(), view.supportReference());
        }
    }

    /**
     * One step as the browser sees it, in the SSE frames and in the status history alike: {@code verification} on
     * {@code verification} events, {@code enterUrl} on {@code completed}, {@code estimatedSecondsLeft} on the
     * latest {@code progress} frame a stream sends when an estimate exists.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StepView(
            long id,
            String event,
            String stage,
            int percent,
            String message,
            Instant at,
            String dashboardUrl,
            String enterUrl,
            String verification,
            String failedStage,
            String reason,
            Boolean retryable,
            String supportReference,
            Long estimatedSecondsLeft) {

        StepView withEstimate(Long seconds) {
            return new StepView(
                    id,
                    event,
                    stage,
                    percent,
                    message,
                    at,
                    dashboardUrl,
                    enterUrl,
                    verification,
                    failedStage,
                    reason,
                    retryable,
                    supportReference,
                    seconds);
        }

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
                    SignupStatus.Step.COMPLETED.equals(step.kind()) ? StatusResponse.enterUrl(tenantId) : null,
                    step.verification(),
                    step.failedStage(),
                    step.reason(),
                    step.retryable(),
                    failed ? tenantId.toString() : null,
                    null);
        }
    }
}
