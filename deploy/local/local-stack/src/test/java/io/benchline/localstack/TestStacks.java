package io.benchline.localstack;

import io.benchline.testing.KafkaTestBroker;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Map;

/**
 * The local stack as the end-to-end tests run it: this repository's jars, fresh state in the test's folder, ports
 * picked by the OS (so a developer's own stack can run beside), instant bench durations, no rate limits.
 */
final class TestStacks {

    private static final Path REPOSITORY = Path.of("../../..").toAbsolutePath().normalize();

    private TestStacks() {}

    /** On the test JVM's shared broker. */
    static LocalStack plain(Path state) throws IOException, GeneralSecurityException {
        return start(state, KafkaTestBroker.bootstrapServers(), false, Map.of(), false);
    }

    /** With a spare healthy bench host and extra provisioner settings, on the shared broker. */
    static LocalStack withSpareBenchHost(Path state, Map<String, String> provisionerProperties)
            throws IOException, GeneralSecurityException {
        return start(state, KafkaTestBroker.bootstrapServers(), true, provisionerProperties, false);
    }

    /** On its own development broker with TLS, SCRAM and ACLs. */
    static LocalStack secure(Path state) throws IOException, GeneralSecurityException {
        return start(state, null, false, Map.of(), true);
    }

    private static LocalStack start(
            Path state,
            String kafkaBootstrap,
            boolean spareBenchHost,
            Map<String, String> provisionerProperties,
            boolean secure)
            throws IOException, GeneralSecurityException {
        return LocalStack.start(new LocalStack.Options(
                REPOSITORY,
                state,
                true,
                StackPorts.free(),
                kafkaBootstrap,
                0.0,
                spareBenchHost,
                provisionerProperties,
                0,
                secure));
    }
}
