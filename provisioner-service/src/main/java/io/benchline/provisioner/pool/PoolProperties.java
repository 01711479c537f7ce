package io.benchline.provisioner.pool;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code benchline.provisioner.pool.*}: the standby pool (see the README's "Standby pool").
 *
 * @param enabled build standbys and claim them; off: every signup is cold, nothing is built
 * @param topic the pool's compacted internal topic (one partition per host holds all its records)
 * @param groupId consumer group whose partition assignment makes an instance the owner (builder) of a host's pool
 * @param maxPerHost most standbys (building + ready) on one host
 * @param maxTotal most standbys over all hosts
 * @param safetyMargin standbys kept above the Little's-law estimate (rate × build time); the target when idle
 * @param rateWindow how far back signups count for the rate
 * @param initialBuildTime the build time assumed until standbys were built and measured
 * @param versionCheckInterval how often the owner reads a host's {@code bench version}
 * @param fingerprintMaxAge a claim needs a version reading at most this old, else the signup goes cold
 * @param recycleBatch stale standbys dropped at the same time per host
 * @param tick how often the owner looks at its hosts' pools (also woken at once by every claim)
 * @param claimTimeout how long a claim waits for its own record to come back from the log
 * @param drainedHosts host ids that build nothing and give out no standby; their standbys are dropped, a few at a time
 */
@Validated
@ConfigurationProperties("benchline.provisioner.pool")
public record PoolProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("provisioner.standby") @NotBlank String topic,
        @DefaultValue("provisioner.pool") @NotBlank String groupId,
        @DefaultValue("4") @Min(0) int maxPerHost,
        @DefaultValue("16") @Min(0) int maxTotal,
        @DefaultValue("1") @Min(0) int safetyMargin,
        @DefaultValue("15m") Duration rateWindow,
        @DefaultValue("4m") Duration initialBuildTime,
        @DefaultValue("30s") Duration versionCheckInterval,
        @DefaultValue("90s") Duration fingerprintMaxAge,
        @DefaultValue("1") @Min(1) int recycleBatch,
        @DefaultValue("1s") Duration tick,
        @DefaultValue("10s") Duration claimTimeout,
        @DefaultValue List<String> drainedHosts) {

    public PoolProperties {
        drainedHosts = drainedHosts == null ? List.of() : List.copyOf(drainedHosts);
    }

    boolean drained(String hostId) {
        return drainedHosts.contains(hostId);
    }
}
