package io.benchline.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The one rule for "are we in CI": the {@code CI} environment variable is set, whatever its value (GitHub Actions,
 * GitLab and most runners set {@code CI=true}; some set {@code 1} or an empty string). In CI a test never skips for a
 * missing tool: CI installs every tool, so a missing one is a broken machine and the test fails.
 */
public final class Ci {

    private Ci() {}

    public static boolean isRunning() {
        return isRunning(System.getenv("CI"));
    }

    static boolean isRunning(String ciVariable) {
        return ciVariable != null;
    }

    /**
     * Skips the calling test when {@code available} is false, or fails it when running in CI.
     *
     * @param what what is missing, e.g. "Chromium is not installed"
     */
    public static void assumeOrFailInCi(boolean available, String what) {
        if (!available && isRunning()) {
            Assertions.fail(what + " (CI is set: CI must provide it, so the test fails instead of skipping)");
        }
        Assumptions.assumeTrue(available, what);
    }

    /**
     * Skips the calling test when {@code available} is false, in CI too: only for tools CI deliberately does not
     * install (see {@code .ci/run}), where other checks are the gate, e.g. kubectl or docker compose.
     */
    public static void assumeInstalledEvenInCi(boolean available, String what) {
        Assumptions.assumeTrue(available, what + " (not installed in CI either: other checks are the gate)");
    }

    /** Whether {@code program} is an executable file in a folder of {@code PATH}, as a shell would find it. */
    public static boolean onPath(String program) {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, program))) {
                return true;
            }
        }
        return false;
    }
}
