package io.benchline.localstack.chaos;

import java.time.Duration;
import java.time.Instant;

/**
 * A fault as it happened: from its start to the moment everything it did was undone (a killed process ready again,
 * a paused one resumed, a simulator rule removed); {@code error} when undoing it failed (null otherwise).
 */
public record InjectedFault(PlannedFault planned, Instant started, Instant ended, String error) {

    public FaultKind kind() {
        return planned.kind();
    }

    public Duration duration() {
        return Duration.between(started, ended);
    }
}
