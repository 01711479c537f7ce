package io.benchline.operator.canary;

import java.time.Duration;
import java.util.UUID;

/**
 * How one run ended.
 *
 * @param tenantId null when the POST was refused
 * @param failedStep null on success
 * @param toHandOff from the POST to the customer logged in on the site; null when the run did not get there
 */
record CanaryResult(UUID tenantId, CanaryStep failedStep, String reason, Duration toHandOff) {

    boolean succeeded() {
        return failedStep == null;
    }
}
