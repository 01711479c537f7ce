package io.benchline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotMethodsTests {

    private static final String BURN = HotMethodsTests.class.getName() + ".burn";

    @TempDir
    Path folder;

    private volatile long sink;

    @Test
    void theMethodThatBurnsTheCpuIsOnTopAndOnlySamplesInTheWindowCount() throws Exception {
        Path file = folder.resolve("test.jfr");
        Instant from = Instant.now();
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.start();
            // Sampling is statistical and the machine is shared: burn until the recording holds enough samples.
            await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).until(() -> {
                burn(Duration.ofMillis(300));
                recording.dump(file);
                HotMethods hot = HotMethods.of(file, from, Instant.now(), 10);
                return hot.samples() >= 5
                        && !hot.topFrames().isEmpty()
                        && hot.topFrames().get(0).method().equals(BURN);
            });
        }
        Instant to = Instant.now();

        HotMethods hot = HotMethods.of(file, from, to, 3);

        assertThat(hot.topFrames()).hasSizeLessThanOrEqualTo(3);
        assertThat(hot.topFrames().get(0).method()).isEqualTo(BURN);
        assertThat(hot.applicationFrames().get(0).method()).isEqualTo(BURN);
        assertThat(hot.benchlineFrames().get(0).method()).isEqualTo(BURN);
        assertThat(hot.describe())
                .contains(hot.samples() + " execution samples")
                .contains(BURN);
        assertThat(HotMethods.of(file, to.plusSeconds(60), to.plusSeconds(120), 3)
                        .samples())
                .isZero();
        assertThat(Files.size(file)).isPositive();
    }

    /** CPU work the sampler can see (a sleeping thread is never sampled). */
    private void burn(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        long x = sink;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        sink = x;
    }
}
