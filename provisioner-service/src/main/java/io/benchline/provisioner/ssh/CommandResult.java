package io.benchline.provisioner.ssh;

/** What a remote command printed and how it exited. Bench prints many friendly errors on stdout, so keep both. */
public record CommandResult(int exitCode, String stdout, String stderr) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** Both streams, stdout first, for messages and parsing of errors that bench may print on either. */
    public String output() {
        if (stderr.isBlank()) {
            return stdout;
        }
        return stdout.isBlank() ? stderr : stdout + "\n" + stderr;
    }
}
