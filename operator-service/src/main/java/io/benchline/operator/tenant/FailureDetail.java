package io.benchline.operator.tenant;

import java.time.Instant;

/** The terminal failure of the latest attempt, with the internal message customers never see. */
public record FailureDetail(Instant at, int attempt, String stage, String reason, String message, boolean retryable) {}
