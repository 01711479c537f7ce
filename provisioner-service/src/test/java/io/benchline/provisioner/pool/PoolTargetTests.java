package io.benchline.provisioner.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Little's law with a prior: right after a start the unobserved part of the rate window counts at the expected rate,
 * fading out as the window fills with measured signups, within the per-host cap.
 */
class PoolTargetTests {

    private static final Instant T0 = Instant.parse("2026-11-28T06:00:00Z");
    private static final String HOST = "bench-1";

    private final MovingClock clock = new MovingClock();
    private final PoolState state = new PoolState(Duration.ofSeconds(90), () -> {});

    @Test
    void theFirstTargetAfterAStartFollowsTheExpectedRateNotTheMarginAlone() {
        // 1 signup a minute × 4-minute builds = 4 in flight, + margin 1.
        assertThat(target(1.0, 0.0, 8).of(HOST)).isEqualTo(5);
        assertThat(target(0.0, 1.65, 8).of(HOST))
                .as("no expected rate: the margin alone")
                .isEqualTo(1);
    }

    @Test
    void poissonBurstsDuringARefillAreCoveredBySquareRootStaffing() {
        // 4 in flight + 1.65 × √4 = 7.3 → 8, + margin 1.
        assertThat(target(1.0, 1.65, 12).of(HOST)).isEqualTo(9);
    }

    @Test
    void theExpectedRateFadesOutAsTheWindowIsObservedAndMeasuredSignupsTakeOver() {
        PoolTarget target = target(1.0, 0.0, 8);
        clock.now = T0.plus(Duration.ofMinutes(15));
        assertThat(target.of(HOST)).as("a whole quiet window observed").isEqualTo(1);

        for (int minute = 1; minute < 15; minute++) {
            state.apply("demand", PoolRecord.demand(HOST, UUID.randomUUID(), T0.plus(Duration.ofMinutes(minute))));
        }
        // 14 in 15 minutes × 4-minute builds = 3.7 in flight → 4, + margin 1.
        assertThat(target.of(HOST)).as("14 signups in 15 minutes measured").isEqualTo(5);
    }

    @Test
    void theTargetNeverExceedsTheHostsCap() {
        assertThat(target(10.0, 1.65, 6).of(HOST)).isEqualTo(6);
    }

    private PoolTarget target(double expectedPerMinute, double burstFactor, int maxPerHost) {
        clock.now = T0;
        PoolProperties properties = new PoolProperties(
                true,
                "provisioner.standby",
                "provisioner.pool",
                maxPerHost,
                16,
                1,
                burstFactor,
                Duration.ofMinutes(15),
                expectedPerMinute,
                Duration.ofMinutes(4),
                Duration.ofSeconds(30),
                Duration.ofSeconds(90),
                1,
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                List.of());
        return new PoolTarget(properties, state, clock);
    }

    private static final class MovingClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
