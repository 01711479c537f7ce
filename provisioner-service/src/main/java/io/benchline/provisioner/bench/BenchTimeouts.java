package io.benchline.provisioner.bench;

import java.time.Duration;

/**
 * How long bench commands may run as the client waits: {@code newSite} for {@code new-site} with ERPNext (minutes on
 * real hardware), {@code command} for everything else. On the host each command runs under {@code timeout} with a
 * shorter limit, so the host ends it (TERM, then KILL 30 s later) before the client gives up on it.
 */
public record BenchTimeouts(Duration newSite, Duration command, Duration backup) {

    /** {@code backup}: a backup with files, and reading the checksums of its files (minutes for a big site). */
    public BenchTimeouts(Duration newSite, Duration command) {
        this(newSite, command, newSite);
    }

    /** Leaves the kill-after grace and a margin for the exit status to travel back. */
    private static final Duration HOST_MARGIN = Duration.ofSeconds(60);

    Duration newSiteOnHost() {
        return onHost(newSite);
    }

    Duration backupOnHost() {
        return onHost(backup);
    }

    Duration commandOnHost() {
        return onHost(command);
    }

    /** The client's limit minus the margin; half of it for limits too short for the margin. */
    static Duration onHost(Duration client) {
        Duration limit =
                client.compareTo(HOST_MARGIN.multipliedBy(2)) >= 0 ? client.minus(HOST_MARGIN) : client.dividedBy(2);
        return limit.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : limit;
    }
}
