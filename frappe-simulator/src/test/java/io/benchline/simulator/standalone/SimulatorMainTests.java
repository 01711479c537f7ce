package io.benchline.simulator.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchline.simulator.HostMisconfiguration;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SimulatorMainTests {

    @Test
    void helpListsTheMisconfigureOptionWithEveryMode() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            SimulatorMain.main(new String[] {"--help"});
        } finally {
            System.setOut(original);
        }

        String help = bytes.toString(StandardCharsets.UTF_8);
        assertThat(help).contains("--misconfigure");
        for (HostMisconfiguration mode : HostMisconfiguration.values()) {
            assertThat(help).contains(mode.name());
        }
    }

    @Test
    void misconfigureTakesACommaSeparatedListOfModes() {
        assertThat(SimulatorMain.misconfigurations("PYPI_STALL, NO_ROOT_PASSWORD"))
                .containsExactly(HostMisconfiguration.PYPI_STALL, HostMisconfiguration.NO_ROOT_PASSWORD);
        assertThat(SimulatorMain.misconfigurations("")).isEmpty();
        assertThat(SimulatorMain.parse(new String[] {"--misconfigure", "BENCH_NOT_ON_PATH"}))
                .containsEntry("--misconfigure", "BENCH_NOT_ON_PATH");
        assertThatThrownBy(() -> SimulatorMain.misconfigurations("NOPE"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DNS_MULTITENANT_OFF");
    }
}
