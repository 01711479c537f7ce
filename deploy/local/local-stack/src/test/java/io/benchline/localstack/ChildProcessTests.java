package io.benchline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTests {

    @TempDir
    Path folder;

    /** The build's output is all a CI run leaves: a failed start must carry its cause, not just a log's path. */
    @Test
    void aProcessThatDiesDuringStartReportsItsExitCodeAndTheEndOfItsLog() throws Exception {
        Path log = folder.resolve("dying.log");
        ChildProcess process = new ChildProcess(
                        "dying",
                        List.of("sh", "-c", "for i in $(seq 1 100); do echo line $i; done; exit 3"),
                        Map.of(),
                        log)
                .start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());

        String message = process.exitedDuringStart().getMessage();

        assertThat(message)
                .startsWith("dying exited during start (exit code 3); the end of " + log)
                .contains("line 61\n", "line 100")
                .doesNotContain("line 60\n");
    }
}
