package io.benchline.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.simulator.bench.CommandFault;
import io.benchline.simulator.rest.RequestFault;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FaultsTests {

    private static List<CommandFault> run(Faults faults, String key, int calls) {
        return IntStream.range(0, calls)
                .mapToObj(i -> faults.decideCommand(List.of(key)))
                .toList();
    }

    @Test
    void onCallFiresOnlyOnThatCallOfTheMatchingCommand() {
        Faults faults = new Faults(1);
        faults.failCommand("new-site", FailurePlan.onCall(2));

        assertThat(faults.decideCommand(List.of("list-apps"))).isEqualTo(CommandFault.NONE);
        assertThat(run(faults, "new-site", 4))
                .containsExactly(CommandFault.NONE, CommandFault.FAIL, CommandFault.NONE, CommandFault.NONE);
    }

    @Test
    void aProbabilityGivesTheSameSequenceForTheSameSeed() {
        Faults first = new Faults(7);
        Faults second = new Faults(7);
        Faults other = new Faults(8);
        first.hangCommand("execute", FailurePlan.withProbability(0.3));
        second.hangCommand("execute", FailurePlan.withProbability(0.3));
        other.hangCommand("execute", FailurePlan.withProbability(0.3));

        List<CommandFault> a = run(first, "execute", 200);

        assertThat(run(second, "execute", 200)).isEqualTo(a);
        assertThat(run(other, "execute", 200)).isNotEqualTo(a);
        long hung = a.stream().filter(CommandFault.HANG::equals).count();
        assertThat(hung).isBetween(35L, 85L);
    }

    @Test
    void aMethodSpecificRuleMatchesOnlyThatMethod() {
        Faults faults = new Faults(1);
        faults.dropConnection("execute frappe.core.doctype.user.user.generate_keys", FailurePlan.always());

        assertThat(faults.decideCommand(List.of("execute", "execute frappe.db.get_value")))
                .isEqualTo(CommandFault.NONE);
        assertThat(faults.decideCommand(List.of("execute", "execute frappe.core.doctype.user.user.generate_keys")))
                .isEqualTo(CommandFault.DROP);
    }

    @Test
    void requestRulesMatchByPathPrefixAndClearRemovesThem() {
        Faults faults = new Faults(1);
        faults.failRequests("/api/method/", 502, FailurePlan.always());
        faults.delayRequests("/api/resource/", Duration.ofMillis(5), FailurePlan.always());

        assertThat(faults.decideRequest("/api/method/login"))
                .isEqualTo(new RequestFault(RequestFault.Kind.FAIL, 502, Duration.ZERO));
        assertThat(faults.decideRequest("/api/resource/User").kind()).isEqualTo(RequestFault.Kind.DELAY);
        faults.clear();
        assertThat(faults.decideRequest("/api/method/login")).isEqualTo(RequestFault.NONE);
    }

    @Test
    void removeEndsOneRuleAndLeavesTheOthers() {
        Faults faults = new Faults(1);
        faults.hangCommand("new-site", FailurePlan.always());
        long hang = faults.lastRuleId();
        faults.failCommand("install-app", FailurePlan.always());

        assertThat(faults.remove(hang)).isTrue();
        assertThat(faults.remove(hang)).isFalse();
        assertThat(faults.decideCommand(List.of("new-site"))).isEqualTo(CommandFault.NONE);
        assertThat(faults.decideCommand(List.of("install-app"))).isEqualTo(CommandFault.FAIL);
        assertThat(faults.describe()).hasSize(1);
    }
}
