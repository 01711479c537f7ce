package io.benchline.localstack;

import io.benchline.testing.KafkaTestBroker;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Map;

/**
 * The local stack as the end-to-end tests run it: this repository's jars, fresh state in the test's folder, free ports
 * ({@link StackPorts#free()}, so a developer's own stack can run beside), instant bench durations, no rate limits, no canary
 * (its signups would mix with the tests'; {@link #withCanary} for a class that expects them); each test class chooses the standby pool and email verification
 * explicitly (the launcher's defaults differ). operator-service runs in every stack: {@link
 * LocalStack#operatorUrl()}, with tokens in {@link LocalStack#operatorToken()} and {@link
 * LocalStack#operatorReadOnlyToken()}.
 */
final class TestStacks {

    private static final Path REPOSITORY = Path.of("../../..").toAbsolutePath().normalize();

    private TestStacks() {}

    /** On the test JVM's shared broker; no standby pool (every site built cold), no email verification. */
    static LocalStack plain(Path state) throws IOException, GeneralSecurityException {
        return start(state, KafkaTestBroker.bootstrapServers(), false, Map.of(), false, false, false);
    }

    /**
     * On the shared broker with the standby pool on (sized by {@code provisionerProperties}) and email verification
     * through the stack's GreenMail: the path a production customer takes.
     */
    static LocalStack pooledWithVerification(Path state, Map<String, String> provisionerProperties)
            throws IOException, GeneralSecurityException {
        return start(state, KafkaTestBroker.bootstrapServers(), false, provisionerProperties, false, true, true);
    }

    /** With a spare healthy bench host and extra provisioner settings, on the shared broker. */
    static LocalStack withSpareBenchHost(Path state, Map<String, String> provisionerProperties)
            throws IOException, GeneralSecurityException {
        return start(state, KafkaTestBroker.bootstrapServers(), true, provisionerProperties, false, false, false);
    }

    /**
     * {@link #plain} with operator-service's signup canary on (no email verification, so no mailbox) and extra
     * properties per service (by service name), e.g. the canary's timing or a short subdomain quarantine.
     */
    static LocalStack withCanary(Path state, Map<String, Map<String, String>> serviceProperties)
            throws IOException, GeneralSecurityException {
        return LocalStack.start(
                options(state, KafkaTestBroker.bootstrapServers(), false, Map.of(), false, false, false, true),
                serviceProperties);
    }

    /**
     * On a development broker of its own (plaintext), which the test may kill and restart, without a standby pool or
     * email verification, with extra properties per service (e.g. a chaos campaign's short deadline).
     */
    static LocalStack withOwnBroker(Path state, Map<String, Map<String, String>> serviceProperties)
            throws IOException, GeneralSecurityException {
        return LocalStack.start(options(state, null, false, Map.of(), false, false, false, false), serviceProperties);
    }

    /** On its own development broker with TLS, SCRAM and ACLs. */
    static LocalStack secure(Path state) throws IOException, GeneralSecurityException {
        return start(state, null, false, Map.of(), true, false, false);
    }

    private static LocalStack start(
            Path state,
            String kafkaBootstrap,
            boolean spareBenchHost,
            Map<String, String> provisionerProperties,
            boolean secure,
            boolean pool,
            boolean verifyEmail)
            throws IOException, GeneralSecurityException {
        return LocalStack.start(options(
                state, kafkaBootstrap, spareBenchHost, provisionerProperties, secure, pool, verifyEmail, false));
    }

    private static LocalStack.Options options(
            Path state,
            String kafkaBootstrap,
            boolean spareBenchHost,
            Map<String, String> provisionerProperties,
            boolean secure,
            boolean pool,
            boolean verifyEmail,
            boolean canary) {
        return new LocalStack.Options(
                REPOSITORY,
                state,
                true,
                StackPorts.free(),
                kafkaBootstrap,
                0.0,
                spareBenchHost,
                provisionerProperties,
                0,
                secure,
                pool,
                verifyEmail,
                canary);
    }
}
