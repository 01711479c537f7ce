package io.benchline.provisioner.pool;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How many standbys a host should hold (building ones count): Little's law, the signups arriving per second over the
 * last {@code rateWindow} times the measured build time, is the MEAN number of claims while one refill builds
 * ({@code λT}); Poisson arrivals scatter around it by {@code √λT}, so the pool holds {@code λT + z·√λT}
 * (square-root staffing, {@code z} = {@code burstFactor}) plus the safety margin, at most {@code maxPerHost}. At one
 * signup a minute and 4-minute builds, Little's law alone (4 + 1) let a third of the signups find the pool empty
 * in the benchmark; with the burst term it is 8. Zero on a drained host or with the pool off.
 *
 * <p>Right after a start the window holds no history, and counting zero signups over a whole window would set the
 * first target to the margin alone: the first arrivals would drain it and wait for cold builds. So the part of the
 * window not yet observed counts at {@code initialSignupsPerMinute} (the operator's expected rate), fading out
 * linearly until a whole window has been observed.
 */
final class PoolTarget {

    private final PoolProperties properties;
    private final PoolState state;
    private final Clock clock;
    private final Instant observingSince;

    PoolTarget(PoolProperties properties, PoolState state, Clock clock) {
        this.properties = properties;
        this.state = state;
        this.clock = clock;
        this.observingSince = clock.instant();
    }

    int of(String host) {
        if (!properties.enabled() || properties.drained(host)) {
            return 0;
        }
        Instant now = clock.instant();
        Duration window = properties.rateWindow();
        Duration unobserved = window.minus(Duration.between(observingSince, now));
        double assumed = unobserved.isNegative()
                ? 0
                : properties.initialSignupsPerMinute() / 60.0 * unobserved.toMillis() / 1000.0;
        double perSecond = (state.demandSince(host, now.minus(window)) + assumed) / window.toSeconds();
        double buildSeconds =
                state.buildTime(host).orElse(properties.initialBuildTime()).toMillis() / 1000.0;
        double inFlight = perSecond * buildSeconds;
        int target =
                (int) Math.ceil(inFlight + properties.burstFactor() * Math.sqrt(inFlight)) + properties.safetyMargin();
        return Math.min(target, properties.maxPerHost());
    }
}
