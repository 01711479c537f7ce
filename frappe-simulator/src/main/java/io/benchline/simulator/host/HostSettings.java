package io.benchline.simulator.host;

import java.time.Clock;
import java.time.Duration;

/**
 * How the simulated host is laid out and how slow it is.
 *
 * @param timeScale multiplies every real-world duration: 0 makes commands instant, 1 real
 * @param routingDelay with per-site TLS, how long after a reload a new name answers (not scaled)
 * @param perSiteTls names answer only once {@code setup nginx} and a reload listed them (per-site server blocks)
 * @param frappeInvocationCost real-world start of a command that reaches Frappe (Python + imports), scaled
 * @param benchInvocationCost real-world start of one of bench's own commands, scaled
 * @param backupDuration real-world duration of {@code bench backup --with-files} of a fresh site (mysqldump, tar),
 *     scaled; a backup without files takes 3/4 of it
 * @param pypiStall how long bench's exit-time PyPI check hangs without egress (network time, not scaled)
 */
public record HostSettings(
        String loginUser,
        String benchFolder,
        boolean loginFolderIsBench,
        double timeScale,
        Duration newSiteDuration,
        Duration installAppDuration,
        Duration routingDelay,
        boolean perSiteTls,
        Duration frappeInvocationCost,
        Duration benchInvocationCost,
        Duration pypiStall,
        Duration backupDuration,
        Clock clock) {

    public String homeFolder() {
        return "/home/" + loginUser;
    }

    /** Where pipx / {@code pip --user} put bench: not on a non-interactive PATH. */
    public String benchExecutable() {
        return homeFolder() + "/.local/bin/bench";
    }

    public String loginFolder() {
        return loginFolderIsBench ? benchFolder : homeFolder();
    }

    public Duration scaled(Duration realWorld) {
        return Duration.ofNanos((long) (realWorld.toNanos() * timeScale));
    }
}
