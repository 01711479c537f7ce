package io.benchline.provisioner.bench;

import io.benchline.events.FailureReason;

/**
 * A bench command failed, could not run, or did not finish. The message names the command, the host and what bench
 * printed (trimmed, secrets removed); {@link #isTransient()} says whether trying again may help.
 */
public final class BenchCommandException extends RuntimeException {

    private final FailureReason reason;
    private final boolean transientFailure;

    BenchCommandException(FailureReason reason, boolean transientFailure, String message, Throwable cause) {
        super(message, cause);
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
