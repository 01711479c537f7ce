package io.benchline.verifier.system;

import io.benchline.verifier.probe.JitteredBackoff;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the verifier probes. The defaults keep the original design's 30 s window but spend it differently: the
 * first probe goes out at once, and waits are drawn with full jitter under a bound that doubles from 1 s to a 4 s
 * cap. Full jitter halves the average wait, so the window holds about twice the original 6 probes; the attempt cap
 * is a safety net and the deadline is the real bound (capped at 8 probes, about 1 site in 300 that becomes
 * reachable within 10 s runs out of probes first; see the README's benchmark).
 *
 * @param firstBackoff upper bound of the first jittered wait; each later bound is {@code multiplier} times larger
 * @param maxBackoff cap on the bound of any wait
 * @param maxAttempts probes per site at most, the first included
 * @param deadline no probe is sent later than this after the verifier took the site
 * @param rejectedRetries how often a 401/403 is probed again before the keys count as rejected
 * @param probeTimeout the longest one probe may take, connection included
 * @param decisionsTopic the compacted internal topic holding each tenant's decision
 */
@ConfigurationProperties("benchline.verifier")
public record VerifierProperties(
        @DefaultValue("1s") Duration firstBackoff,
        @DefaultValue("4s") Duration maxBackoff,
        @DefaultValue("2.0") double multiplier,
        @DefaultValue("12") int maxAttempts,
        @DefaultValue("30s") Duration deadline,
        @DefaultValue("2") int rejectedRetries,
        @DefaultValue("5s") Duration probeTimeout,
        @DefaultValue("verifier.decisions") String decisionsTopic) {

    public JitteredBackoff schedule() {
        return new JitteredBackoff(firstBackoff, maxBackoff, multiplier, maxAttempts, deadline);
    }
}
