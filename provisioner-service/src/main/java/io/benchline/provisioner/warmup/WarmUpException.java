package io.benchline.provisioner.warmup;

import io.benchline.events.FailureReason;

/** The new site did not answer the warm-up as expected; {@link #isTransient()} says whether to try again. */
public final class WarmUpException extends RuntimeException {

    private final FailureReason reason;
    private final boolean transientFailure;

    WarmUpException(FailureReason reason, boolean transientFailure, String message) {
        super(message);
        this.reason = reason;
        this.transientFailure = transientFailure;
    }

    public FailureReason reason() {
        return reason;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
