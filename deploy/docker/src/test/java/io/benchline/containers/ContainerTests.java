package io.benchline.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.testing.Ci;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The images and the system in containers, as {@code deploy/docker/test.sh} checks them (README.md beside it): run
 * here so the reactor starts it once the jars it builds images from exist, beside the rest of the build. The script
 * is the test; this class runs it, shows its output in the build's log and fails with its last lines.
 */
class ContainerTests {

    private static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();
    private static final Path SCRIPT = REPOSITORY.resolve("deploy/docker/test.sh");

    /** The script's own waits end well before this (300 s per readiness at most); a hung podman does not. */
    private static final long TIMEOUT_MINUTES = 20;

    private static final int LAST_LINES = 60;

    @Test
    void theImagesBuildAndTheSystemRunsInContainers() throws IOException, InterruptedException {
        Ci.assumeOrFailInCi(
                isRoot() && Ci.onPath("podman"),
                "the container test needs root and podman (.ci/run installs it; deploy/docker/README.md)");

        Process script = new ProcessBuilder("bash", SCRIPT.toString())
                .directory(REPOSITORY.toFile())
                .redirectErrorStream(true)
                .start();
        Deque<String> last = new ArrayDeque<>();
        Thread relay = new Thread(() -> relay(script, last), "container-test-output");
        relay.start();
        boolean finished = script.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!finished) {
            script.destroy(); // SIGTERM: the script's exit trap removes its containers, network and volumes
            script.waitFor(60, TimeUnit.SECONDS);
        }
        relay.join(TimeUnit.SECONDS.toMillis(10));

        String tail;
        synchronized (last) {
            tail = String.join("\n", last);
        }
        assertThat(finished)
                .as("test.sh still running after %d minutes; its last lines:%n%s", TIMEOUT_MINUTES, tail)
                .isTrue();
        assertThat(script.exitValue())
                .as("test.sh failed; its last lines:%n%s", tail)
                .isZero();
    }

    /** Each line to the build's log as it comes (the script runs for minutes), the last ones kept for the failure. */
    private static void relay(Process script, Deque<String> last) {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(script.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                System.out.println(line);
                synchronized (last) {
                    last.addLast(line);
                    if (last.size() > LAST_LINES) {
                        last.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            System.out.println("reading test.sh's output stopped: " + e);
        }
    }

    private static boolean isRoot() throws IOException {
        return Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0);
    }
}
