package io.benchline.provisioner.bench;

import io.benchline.events.FailureReason;

/**
 * A bench command failed, could not run, or did not finish. The message names the command, the host and what bench
 * printed (trimmed, secrets removed); {@link #isTransient()} says whether trying again may help, and
 * {@link #isHostProblem()} whether the host itself cannot run bench (another host may).
 */
public final class BenchCommandException extends RuntimeException {

    private final FailureReason reason;
    private final boolean transientFailure;
    private final boolean hostProblem;

    BenchCommandException(FailureReason reason, boolean transientFailure, boolean hostProblem, String message) {
        super(message);
        this.reason = reason;
        this.transientFailure = transientFailure;
        this.hostProblem = hostProblem;
    }

    public FailureReason reason() {
        return reason;
    }

    public boolean isTransient() {
        return transientFailure;
    }

    /** The host cannot run bench as configured (bench not found, not a bench folder, run as root). */
    public boolean isHostProblem() {
        return hostProblem;
    }
}
