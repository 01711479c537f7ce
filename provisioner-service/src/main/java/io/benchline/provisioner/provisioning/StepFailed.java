package io.benchline.provisioner.provisioning;

import io.benchline.events.FailureReason;
import io.benchline.events.ProvisioningStep;
import io.benchline.provisioner.bench.BenchCommandException;
import io.benchline.provisioner.bench.SiteName;
import io.benchline.provisioner.warmup.WarmUpException;

/** A provisioning step gave up; becomes {@code ProvisioningFailed(PROVISION, reason, message, retryable)}. */
final class StepFailed extends RuntimeException {

    private final FailureReason reason;
    private final boolean retryable;

    StepFailed(FailureReason reason, boolean retryable, String message) {
        super(message);
        this.reason = reason;
        this.retryable = retryable;
    }

    /**
     * What the last try of {@code step} on host {@code hostId} threw, as the failure the tenant ends with; null for
     * anything not known to the provisioning steps (the caller logs it and reports an internal error).
     */
    static StepFailed of(ProvisioningStep step, String hostId, Throwable last, int retries) {
        String tries = retries > 0 ? " (after " + (retries + 1) + " tries)" : "";
        if (last instanceof StepFailed failed) {
            return failed;
        }
        if (last instanceof BenchCommandException e) {
            return new StepFailed(e.reason(), e.isTransient(), step + " failed" + tries + ": " + e.getMessage());
        }
        if (last instanceof WarmUpException e) {
            return new StepFailed(
                    e.reason(),
                    e.isTransient(),
                    step + " failed" + tries + " on host " + hostId + ": " + e.getMessage());
        }
        return null;
    }

    /** A site of that name is on the host and the ledger says this tenant never started it. */
    static StepFailed subdomainTaken(SiteName site, String hostId) {
        return new StepFailed(
                FailureReason.SUBDOMAIN_TAKEN,
                false,
                "site " + site + " already exists on bench host " + hostId + " and was not created for this tenant");
    }

    static StepFailed internalError(ProvisioningStep step, String hostId, Throwable cause) {
        return new StepFailed(
                FailureReason.INTERNAL_ERROR,
                true,
                step + " failed on host " + hostId + ": internal error ("
                        + cause.getClass().getSimpleName() + ")");
    }

    FailureReason reason() {
        return reason;
    }

    boolean retryable() {
        return retryable;
    }
}
