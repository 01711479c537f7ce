package io.benchline.verifier.probe;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** When to send the probes of one site: the wait before the first one, and the wait before each later one. */
public interface ProbeSchedule {

    Duration firstDelay();

    /**
     * @param probesSent probes sent so far (at least 1)
     * @param elapsed time since the site's verification started
     * @return the wait before the next probe, or empty when no probe may follow
     */
    Optional<Duration> nextDelay(int probesSent, Duration elapsed, RandomGenerator random);
}
