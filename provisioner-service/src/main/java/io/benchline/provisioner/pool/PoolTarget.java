package io.benchline.provisioner.pool;

import java.time.Clock;
import java.time.Duration;

/**
 * How many standbys a host should hold (building ones count): Little's law, the signups arriving per second over the
 * last {@code rateWindow} times the measured build time (the standbys "in flight" while a refill builds), plus the
 * safety margin for bursts, at most {@code maxPerHost}. Zero on a drained host or with the pool off.
 */
final class PoolTarget {

    private final PoolProperties properties;
    private final PoolState state;
    private final Clock clock;

    PoolTarget(PoolProperties properties, PoolState state, Clock clock) {
        this.properties = properties;
        this.state = state;
        this.clock = clock;
    }

    int of(String host) {
        if (!properties.enabled() || properties.drained(host)) {
            return 0;
        }
        Duration window = properties.rateWindow();
        double perSecond = state.demandSince(host, clock.instant().minus(window)) / (double) window.toSeconds();
        double buildSeconds =
                state.buildTime(host).orElse(properties.initialBuildTime()).toMillis() / 1000.0;
        int target = (int) Math.ceil(perSecond * buildSeconds) + properties.safetyMargin();
        return Math.min(target, properties.maxPerHost());
    }
}
