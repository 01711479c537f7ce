package io.benchline.simulator.bench;

/** What an injected fault does to one command run. */
public enum CommandFault {
    NONE,
    /** The command fails with Frappe's output and exit 1 (new-site leaves a half-built site). */
    FAIL,
    /** The command never exits until the channel closes. */
    HANG,
    /** The SSH connection drops while the command runs. */
    DROP
}
