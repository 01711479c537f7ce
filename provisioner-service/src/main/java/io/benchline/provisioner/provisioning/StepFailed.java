package io.benchline.provisioner.provisioning;

import io.benchline.events.FailureReason;

/** A provisioning step gave up; becomes {@code ProvisioningFailed(PROVISION, reason, message, retryable)}. */
final class StepFailed extends RuntimeException {

    private final FailureReason reason;
    private final boolean retryable;

    StepFailed(FailureReason reason, boolean retryable, String message) {
        super(message);
        this.reason = reason;
        this.retryable = retryable;
    }

    FailureReason reason() {
        return reason;
    }

    boolean retryable() {
        return retryable;
    }
}
