package io.benchline.simulator.host;

import java.time.Clock;
import java.time.Duration;

/**
 * How the simulated host is laid out and how slow it is.
 *
 * @param timeScale multiplies every real-world duration: 0 makes commands instant, 1 real
 */
public record HostSettings(
        String loginUser,
        String benchFolder,
        boolean loginFolderIsBench,
        double timeScale,
        Duration newSiteDuration,
        Duration installAppDuration,
        Duration routingDelay,
        boolean rootPasswordInCommonConfig,
        Clock clock) {

    public String homeFolder() {
        return "/home/" + loginUser;
    }

    public String loginFolder() {
        return loginFolderIsBench ? benchFolder : homeFolder();
    }

    public Duration scaled(Duration realWorld) {
        return Duration.ofNanos((long) (realWorld.toNanos() * timeScale));
    }
}
