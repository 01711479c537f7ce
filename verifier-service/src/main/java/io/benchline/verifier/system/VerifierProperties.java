package io.benchline.verifier.system;

import io.benchline.verifier.probe.JitteredBackoff;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the verifier probes. The defaults spend the original design's budget (about 30 s per site) differently:
 * the first probe goes out at once, and full jitter halves the average wait, so up to 8 probes fit where the old
 * fixed schedule sent 6.
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
        @DefaultValue("8s") Duration maxBackoff,
        @DefaultValue("2.0") double multiplier,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("30s") Duration deadline,
        @DefaultValue("2") int rejectedRetries,
        @DefaultValue("5s") Duration probeTimeout,
        @DefaultValue("verifier.decisions") String decisionsTopic) {

    public JitteredBackoff schedule() {
        return new JitteredBackoff(firstBackoff, maxBackoff, multiplier, maxAttempts, deadline);
    }
}
