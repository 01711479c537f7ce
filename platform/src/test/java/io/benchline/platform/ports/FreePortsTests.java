package io.benchline.platform.ports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FreePortsTests {

    @Test
    void portsAreBelowTheEphemeralRangeNeverHandedOutTwiceAndBindable() throws IOException {
        // Read here, not asked of FreePorts: a wrong parse there (Files.readString gets "3") must fail this test.
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        int ephemeralStart = Files.exists(range)
                ? Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0])
                : 32768;

        List<Integer> ports = new ArrayList<>();
        for (int call = 0; call < 20; call++) {
            ports.addAll(IntStream.of(FreePorts.take(12)).boxed().toList());
        }
        ports.add(FreePorts.take());

        assertThat(ports)
                .hasSize(241)
                .doesNotHaveDuplicates()
                .allSatisfy(port -> assertThat(port).isBetween(FreePorts.LOWEST, ephemeralStart - 1));
        for (int port : ports.subList(0, 12)) {
            try (ServerSocket bound = new ServerSocket(port)) {
                assertThat(bound.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
