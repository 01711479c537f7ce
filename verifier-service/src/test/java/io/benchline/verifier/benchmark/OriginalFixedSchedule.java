package io.benchline.verifier.benchmark;

import io.benchline.verifier.probe.ProbeSchedule;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The schedule of the design Benchline replaces: the first probe 2 s after the event, then waits of 2, 3, 4, 5
 * and 5 s (growing from 2 s to a 5 s cap), 6 probes in all, no jitter.
 */
record OriginalFixedSchedule() implements ProbeSchedule {

    private static final int ATTEMPTS = 6;

    @Override
    public Duration firstDelay() {
        return Duration.ofSeconds(2);
    }

    @Override
    public Optional<Duration> nextDelay(int probesSent, Duration elapsed, RandomGenerator random) {
        if (probesSent >= ATTEMPTS) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(Math.min(2 + (probesSent - 1), 5)));
    }
}
