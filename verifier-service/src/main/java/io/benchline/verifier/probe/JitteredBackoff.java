package io.benchline.verifier.probe;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Benchline's schedule: the first probe at once, then exponential backoff with full jitter (each wait drawn
 * uniformly from zero to {@code min(maxBackoff, firstBackoff * multiplier^(n-1))}), at most {@code maxAttempts}
 * probes, none later than {@code deadline} after the start. Full jitter spreads the probes of sites provisioned
 * together, and a wait that would cross the deadline is shortened so the last probe lands on it instead of being
 * dropped.
 */
public record JitteredBackoff(
        Duration firstBackoff, Duration maxBackoff, double multiplier, int maxAttempts, Duration deadline)
        implements ProbeSchedule {

    public JitteredBackoff {
        if (firstBackoff.isNegative() || firstBackoff.isZero()) {
            throw new IllegalArgumentException("firstBackoff must be positive");
        }
        if (maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must not be below firstBackoff");
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("multiplier must be at least 1");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (deadline.isNegative()) {
            throw new IllegalArgumentException("deadline must not be negative");
        }
    }

    @Override
    public Duration firstDelay() {
        return Duration.ZERO;
    }

    @Override
    public Optional<Duration> nextDelay(int probesSent, Duration elapsed, RandomGenerator random) {
        Duration left = deadline.minus(elapsed);
        if (probesSent >= maxAttempts || left.isNegative() || left.isZero()) {
            return Optional.empty();
        }
        long ceiling = ceilingMillis(probesSent);
        long wait = ceiling == 0 ? 0 : random.nextLong(ceiling + 1);
        return Optional.of(Duration.ofMillis(Math.min(wait, left.toMillis())));
    }

    /** The upper bound of the wait after {@code probesSent} probes, before jitter. */
    long ceilingMillis(int probesSent) {
        double grown = firstBackoff.toMillis() * Math.pow(multiplier, probesSent - 1);
        return (long) Math.min(grown, maxBackoff.toMillis());
    }
}
