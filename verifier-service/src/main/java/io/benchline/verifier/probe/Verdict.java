package io.benchline.verifier.probe;

import java.time.Duration;

/**
 * How a site's verification ended: the last probe's result, the probes sent, and the time from the start of the
 * verification to that last probe's answer.
 */
public record Verdict(ProbeResult last, int attempts, Duration elapsed) {

    public boolean active() {
        return last.active();
    }
}
