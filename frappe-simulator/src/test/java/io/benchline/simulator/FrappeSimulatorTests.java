package io.benchline.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrappeSimulatorTests {

    @Test
    void withoutAHostKeyFileItHoldsAnEd25519KeyInMemoryAndPrintsAKnownHostsLine() {
        try (FrappeSimulator simulator = FrappeSimulator.builder().start()) {
            assertThat(simulator.knownHostsLine())
                    .startsWith("[127.0.0.1]:" + simulator.sshPort() + " ssh-ed25519 AAAA");
            assertThat(simulator.httpBaseUrl()).isEqualTo("http://127.0.0.1:" + simulator.httpPort());
            assertThat(simulator.site("nothing.localhost")).isEmpty();
            assertThat(simulator.commands()).isEmpty();
        }
    }
}
