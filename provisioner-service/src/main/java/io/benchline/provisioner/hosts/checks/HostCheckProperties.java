package io.benchline.provisioner.hosts.checks;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code benchline.provisioner.host-checks.*}: the bench host doctor.
 *
 * @param enabled off: hosts take work without being checked (no health component, no meters)
 * @param interval time between two checks of a host; the first runs at start
 * @param commandTimeout for each check command
 * @param stallTimeout bench's own command (behind the egress guard) must return within it
 */
@ConfigurationProperties("benchline.provisioner.host-checks")
record HostCheckProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("60s") Duration interval,
        @DefaultValue("30s") Duration commandTimeout,
        @DefaultValue("20s") Duration stallTimeout) {}
