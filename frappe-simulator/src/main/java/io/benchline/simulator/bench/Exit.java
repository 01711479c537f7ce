package io.benchline.simulator.bench;

/** Ends a command with an exit status after its output has been written (Python's {@code sys.exit}). */
final class Exit extends RuntimeException {

    private final int code;

    Exit(int code) {
        super(null, null, false, false);
        this.code = code;
    }

    int code() {
        return code;
    }
}
