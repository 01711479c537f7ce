package io.benchline.simulator.bench;

/** The command ended without an exit status: its connection dropped or its channel closed under it. */
public final class CommandAborted extends RuntimeException {

    public CommandAborted(String reason) {
        super(reason, null, false, false);
    }
}
