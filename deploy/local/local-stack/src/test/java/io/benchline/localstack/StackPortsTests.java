package io.benchline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StackPortsTests {

    @Test
    void freePortsAreBelowTheEphemeralRangeDistinctAcrossStacksAndBindable() throws IOException {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        int ephemeralStart = Files.exists(range)
                ? Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0])
                : 32768;

        List<Integer> ports = new ArrayList<>();
        for (int stack = 0; stack < 20; stack++) {
            ports.addAll(portsOf(StackPorts.free()));
        }

        assertThat(ports)
                .hasSize(240)
                .doesNotHaveDuplicates()
                .allSatisfy(port -> assertThat(port).isBetween(15000, ephemeralStart - 1));
        for (int port : ports.subList(0, 12)) {
            try (ServerSocket bound = new ServerSocket(port)) {
                assertThat(bound.getLocalPort()).isEqualTo(port);
            }
        }
    }

    private static List<Integer> portsOf(StackPorts p) {
        return IntStream.of(
                        p.kafka(),
                        p.kafkaController(),
                        p.signup(),
                        p.provisioner(),
                        p.verifier(),
                        p.user(),
                        p.ssh(),
                        p.http(),
                        p.signupManagement(),
                        p.smtp(),
                        p.imap(),
                        p.operator())
                .boxed()
                .toList();
    }
}
