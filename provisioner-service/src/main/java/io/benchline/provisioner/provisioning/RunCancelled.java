package io.benchline.provisioner.provisioning;

/** Thrown when a run must stop without recording or emitting anything more (shutdown, lost partition). */
final class RunCancelled extends RuntimeException {

    RunCancelled() {
        super("cancelled", null, false, false);
    }
}
