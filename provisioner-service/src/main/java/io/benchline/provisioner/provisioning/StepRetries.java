package io.benchline.provisioner.provisioning;

import io.benchline.provisioner.bench.BenchCommandException;
import io.benchline.provisioner.warmup.WarmUpException;
import org.springframework.core.retry.RetryTemplate;

/**
 * How transient step failures are retried: {@code steps} for bench commands, {@code warmUp} for the warm-up, which
 * waits for the web server to route the new name and so has its own budget. Both retry only
 * {@link #isTransient transient} failures.
 */
public record StepRetries(RetryTemplate steps, RetryTemplate warmUp) {

    /** Failures that may pass on a later try: a dropped connection, a timeout, a site not routed yet. */
    public static boolean isTransient(Throwable t) {
        return (t instanceof BenchCommandException b && b.isTransient())
                || (t instanceof WarmUpException w && w.isTransient());
    }
}
