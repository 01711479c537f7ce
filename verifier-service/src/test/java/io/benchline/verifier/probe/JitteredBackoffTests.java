package io.benchline.verifier.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JitteredBackoffTests {

    private final JitteredBackoff schedule =
            new JitteredBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8), 2.0, 8, Duration.ofSeconds(30));
    private final SplittableRandom random = new SplittableRandom(7);

    @Test
    void firstProbeGoesOutAtOnce() {
        assertThat(schedule.firstDelay()).isZero();
    }

    @Test
    void boundGrowsExponentiallyUpToTheCap() {
        assertThat(List.of(1, 2, 3, 4, 5, 6).stream().map(schedule::ceilingMillis))
                .containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 8_000L, 8_000L);
    }

    @Test
    void waitsAreDrawnFromZeroToTheFullBound() {
        long[] bounds = {1_000, 2_000, 4_000, 8_000, 8_000, 8_000, 8_000};
        for (int sent = 1; sent < 8; sent++) {
            long bound = bounds[sent - 1];
            List<Long> waits = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                waits.add(schedule.nextDelay(sent, Duration.ZERO, random)
                        .orElseThrow()
                        .toMillis());
            }
            assertThat(waits).allSatisfy(w -> assertThat(w).isBetween(0L, bound));
            // Full jitter, not "equal jitter": waits close to zero and close to the bound both occur.
            assertThat(waits.stream().mapToLong(Long::longValue).min().orElseThrow())
                    .isLessThan(bound / 10);
            assertThat(waits.stream().mapToLong(Long::longValue).max().orElseThrow())
                    .isGreaterThan(bound * 9 / 10);
        }
    }

    @Test
    void noWaitReachesPastTheDeadline() {
        for (int i = 0; i < 1_000; i++) {
            Duration wait =
                    schedule.nextDelay(5, Duration.ofMillis(29_700), random).orElseThrow();
            assertThat(wait).isLessThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void noProbeFollowsOnceTheDeadlineIsReached() {
        assertThat(schedule.nextDelay(2, Duration.ofSeconds(30), random)).isEmpty();
        assertThat(schedule.nextDelay(2, Duration.ofSeconds(31), random)).isEmpty();
    }

    @Test
    void noProbeFollowsTheLastAllowedAttempt() {
        assertThat(schedule.nextDelay(7, Duration.ofSeconds(1), random)).isPresent();
        assertThat(schedule.nextDelay(8, Duration.ofSeconds(1), random)).isEmpty();
    }

    @Test
    void aScheduleAlwaysEndsWithinItsAttemptsAndDeadline() {
        for (int run = 0; run < 500; run++) {
            Duration elapsed = Duration.ZERO;
            int sent = 1;
            Optional<Duration> next;
            while ((next = schedule.nextDelay(sent, elapsed, random)).isPresent()) {
                elapsed = elapsed.plus(next.get());
                sent++;
            }
            assertThat(sent).isLessThanOrEqualTo(8);
            assertThat(elapsed).isLessThanOrEqualTo(Duration.ofSeconds(30));
        }
    }
}
