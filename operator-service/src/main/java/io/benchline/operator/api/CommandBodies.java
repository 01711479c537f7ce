package io.benchline.operator.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;

/** The JSON bodies of the POSTs; every free-text field is {@link FreeText}. */
final class CommandBodies {

    /** 90 days: the longest grace a deprovisioning may have. */
    static final long MAX_GRACE_SECONDS = 90L * 24 * 60 * 60;

    private CommandBodies() {}

    record Retry(@FreeText String reason) {}

    /** @param reason operator (default), non_payment or abuse */
    record Suspend(
            @Pattern(regexp = "operator|non_payment|abuse", message = "must be operator, non_payment or abuse")
            String reason,

            @FreeText String note) {}

    record Resume(@FreeText String note) {}

    record ChangePlan(
            @NotNull @Pattern(regexp = "free|pro|enterprise", message = "must be free, pro or enterprise")
            String plan,

            @FreeText String note) {}

    /** @param graceSeconds seconds until backup and drop (absent: the lifecycle's configured default grace) */
    record Deprovision(
            @FreeText String reason,
            @PositiveOrZero @Max(MAX_GRACE_SECONDS) Long graceSeconds) {}
}
