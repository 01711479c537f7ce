package io.benchline.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FaultPlanTests {

    private static ChaosSettings settings(long seed, int faults) {
        return ChaosSettings.forLauncher(300, seed, FaultKind.parse("all"), 1.0, 0.02)
                .withFaults(faults);
    }

    @Test
    void theSameSeedGivesTheSamePlanAndAnotherSeedAnother() {
        List<PlannedFault> plan = FaultPlan.of(settings(7, 45));

        assertThat(FaultPlan.of(settings(7, 45))).isEqualTo(plan);
        assertThat(FaultPlan.of(settings(8, 45))).isNotEqualTo(plan);
    }

    @Test
    void everyKindComesUpBeforeAnyRepeatsAndEveryServiceIsKilled() {
        List<PlannedFault> plan = FaultPlan.of(settings(3, 45));

        assertThat(plan).hasSize(45);
        assertThat(plan.stream().map(PlannedFault::kind).collect(Collectors.toSet()))
                .isEqualTo(Set.of(FaultKind.values()));
        assertThat(plan.stream()
                        .filter(f -> f.kind() == FaultKind.KILL || f.kind() == FaultKind.KILL_TWO)
                        .flatMap(f -> f.targets().stream())
                        .collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(io.benchline.localstack.LocalStack.services());
        assertThat(plan.stream().filter(f -> f.kind() == FaultKind.KILL_TWO))
                .allSatisfy(f -> assertThat(Set.copyOf(f.targets())).hasSize(2));
    }

    @Test
    void faultsOverlapAndEndBeforeTheLoadDoesAndPausesOutlastTheSessionTimeout() {
        ChaosSettings settings = settings(11, 45);
        List<PlannedFault> plan = FaultPlan.of(settings);

        assertThat(plan).allSatisfy(f -> assertThat(f.start().plus(f.window())).isLessThan(settings.loadDuration()));
        long overlapping = plan.stream()
                .filter(f -> plan.stream()
                        .anyMatch(g -> g != f
                                && g.start().compareTo(f.start().plus(f.window())) < 0
                                && f.start().compareTo(g.start().plus(g.window())) < 0))
                .count();
        assertThat(overlapping).isGreaterThan(plan.size() / 2);
        assertThat(plan.stream().filter(f -> f.kind() == FaultKind.PAUSE))
                .allSatisfy(f -> assertThat(f.window())
                        .isGreaterThan(
                                FaultPlan.SESSION_TIMEOUTS.get(f.targets().get(0))));
    }

    @Test
    void theDeadlineFaultHangsNewSiteWhoseTimeoutOutlastsTheDeadline() {
        ChaosSettings settings = settings(5, 45);

        assertThat(FaultPlan.of(settings).stream().filter(f -> f.kind() == FaultKind.DEADLINE))
                .isNotEmpty()
                .allSatisfy(f -> assertThat(f.targets()).containsExactly("new-site"));
        assertThat(settings.newSiteTimeout())
                .isGreaterThan(
                        settings.deadline().plus(ChaosSettings.DEADLINE_GRACE).plus(Duration.ofSeconds(5)));
        assertThat(settings.serviceProperties().get("signup-service"))
                .containsEntry("benchline.signup.deadline", settings.deadline().toMillis() + "ms");
    }
}
