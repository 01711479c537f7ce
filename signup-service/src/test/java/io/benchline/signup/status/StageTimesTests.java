package io.benchline.signup.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StageTimesTests {

    private static final Instant T0 = Instant.parse("2026-11-28T05:00:00Z");

    @Test
    void estimatesTheRestFromBuiltSitesOfTheSamePathAndIsUnknownWithoutThem() {
        StageTimes times = new StageTimes();
        SignupStatus running = status("cold", false, step("accepted", 0), step("create_site", 5));
        assertThat(times.secondsLeft(running, T0.plusSeconds(5))).isNull();

        times.record(status("cold", true, step("accepted", 0), step("create_site", 10)));
        times.record(status("pool", true, step("accepted", 0), step("create_site", 1)));

        // A built cold site took 90 s from create_site to ready (ready at 100 s); 20 s have passed since.
        assertThat(times.secondsLeft(running, T0.plusSeconds(25))).isEqualTo(70);
        assertThat(times.secondsLeft(running, T0.plusSeconds(500))).isEqualTo(1);
        assertThat(times.secondsLeft(status("cold", true, step("accepted", 0)), T0))
                .isNull();
    }

    private static SignupStatus.Step step(String stage, long second) {
        return new SignupStatus.Step(
                second,
                SignupStatus.Step.PROGRESS,
                stage,
                10,
                "…",
                T0.plusSeconds(second),
                null,
                null,
                null,
                null,
                null);
    }

    private static SignupStatus status(String path, boolean built, SignupStatus.Step... steps) {
        List<SignupStatus.Step> all = new ArrayList<>(List.of(steps));
        return new SignupStatus(
                UUID.randomUUID(),
                "acme",
                "Acme",
                "http://acme.localhost:8000",
                "free",
                T0,
                T0.plusSeconds(1800),
                built ? SignupStatus.Phase.AWAITING_VERIFICATION : SignupStatus.Phase.PROVISIONING,
                10,
                all,
                List.of(),
                SignupStatus.PENDING,
                path,
                built ? new SignupStatus.SiteReady("http://acme.localhost:8000", "x", T0.plusSeconds(100)) : null,
                1);
    }
}
