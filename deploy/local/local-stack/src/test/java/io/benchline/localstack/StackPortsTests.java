package io.benchline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How the ports are picked is FreePortsTests' (platform); here, that a stack gets twelve different ones. */
class StackPortsTests {

    @Test
    void freeGivesEveryPieceOfTheStackItsOwnPort() {
        StackPorts p = StackPorts.free();

        assertThat(IntStream.of(
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
                        .toList())
                .doesNotHaveDuplicates()
                .allSatisfy(port -> assertThat(port).isGreaterThanOrEqualTo(15000));
    }
}
