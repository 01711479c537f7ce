package io.benchline.operator.canary;

import java.time.Duration;

/** The canary's wait between two polls, on its own scheduler thread; an interrupt (shutdown) ends the run. */
final class Pause {

    private Pause() {}

    static void of(Duration pause, CanaryStep step) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CanaryStepFailed(step, "interrupted (shutting down)");
        }
    }
}
