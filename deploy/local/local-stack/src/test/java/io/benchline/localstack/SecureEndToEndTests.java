package io.benchline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.benchline.schemas.Topic;
import io.benchline.simulator.SimulatedSiteState;
import io.benchline.simulator.SiteView;
import io.benchline.testing.SecretScan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack on a secured broker ({@code run.sh --secure}): the development broker with SASL_SSL only, a SCRAM
 * principal per service and {@link ServiceAcls}' ACLs. A signup still goes all the way through; strangers cannot
 * connect, and a service's principal cannot write another service's topic.
 */
class SecureEndToEndTests {

    private static final Duration SIGNUP_TIMEOUT = Duration.ofSeconds(90);
    private static final String PASSWORD = "Plover-Quartz-Lantern-42";
    /** Short: a refused client must fail fast (a PLAINTEXT client on a SASL_SSL port only ever times out). */
    private static final int REFUSAL_TIMEOUT_MS = 5_000;

    @TempDir
    static Path state;

    static LocalStack stack;
    static SignupClient client;

    @BeforeAll
    static void startStack() throws Exception {
        stack = TestStacks.secure(state);
        client = new SignupClient(stack.signupUrl());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    /**
     * The benchmark's "broker requests per signup" (BrokerRequests): the broker's own counters, read by attaching to
     * its JVM (this stack runs a broker process of its own; the plain stacks share the test JVM's).
     */
    @Test
    void brokerRequestCountersAreReadFromTheBrokersJvm() {
        long broker = stack.processIds().get("kafka");
        Map<String, Long> before = BrokerRequests.count(broker);
        assertThat(before).containsKeys("Fetch", "FetchConsumer", "Metadata");

        // The services' consumers fetch all the time, even with no signup going on.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> BrokerRequests.count(broker).get("FetchConsumer") > before.get("FetchConsumer"));
        assertThat(BrokerRequests.report(before, BrokerRequests.count(broker), 1))
                .containsPattern("(?m)^  FetchConsumer +\\d+\\.\\d +\\d+  \\(of Fetch\\)")
                .contains("all requests");
    }

    /**
     * The benchmark's requests by client: each service's Kafka clients are read from that service's JVM, a Streams
     * client's instance id cut, and the report ranks them by requests (the services poll all the time, so an idle
     * stack's counts move too).
     */
    @Test
    void eachServicesKafkaClientsAreReadFromItsJvm() {
        Map<String, Long> services = stack.serviceProcessIds();
        Map<ClientRequests.Client, ClientRequests.Counts> before = ClientRequests.count(services);
        assertThat(before.keySet()).extracting(ClientRequests.Client::service).containsAll(LocalStack.services());
        assertThat(before)
                .containsKey(new ClientRequests.Client("verifier-service", "producer", "verifier-decisions-writer"));
        assertThat(before.keySet())
                .extracting(ClientRequests.Client::clientId)
                .anyMatch(id -> id.startsWith("signup.streams-…-StreamThread-1-"))
                .noneMatch(id -> id.matches(".*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-.*"));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> ClientRequests.count(services).entrySet().stream()
                        .anyMatch(e -> e.getValue().requests()
                                > before.getOrDefault(e.getKey(), new ClientRequests.Counts(0, 0))
                                        .requests()));
        assertThat(ClientRequests.report(before, ClientRequests.count(services), 1, 3))
                .startsWith("Kafka requests per signup by client")
                .containsPattern("(?m)^  \\S+-service +(producer|consumer|admin) +\\S+ +\\d+\\.\\d\\d +\\d+\\.\\d\\d");
    }

    @Test
    void signupCompletesOnTheSecuredBrokerAndNoKafkaPasswordIsLogged() throws Exception {
        SignupClient.Posted posted = client.post(signup("secured"));
        assertThat(posted.status()).isEqualTo(202);

        List<SignupClient.SseEvent> events = client.follow(posted, SIGNUP_TIMEOUT);

        assertThat(events.get(events.size() - 1).event()).isEqualTo("completed");
        SiteView site = stack.simulator().site("secured.localhost").orElseThrow();
        assertThat(site.state()).isEqualTo(SimulatedSiteState.READY);
        assertThat(site.userEmails()).contains("jane@secured.example");

        List<String> logLines = new ArrayList<>();
        try (var logs = Files.list(state.resolve("logs"))) {
            for (Path log : logs.toList()) {
                logLines.addAll(Files.readAllLines(log));
            }
        }
        SecretScan.assertNotInLogs(PASSWORD, logLines);
        SecureKafka kafka = stack.secureKafka().orElseThrow();
        for (String user : SecureKafka.serviceUsers()) {
            String jaas = (String) kafka.clientConfig(user).get(SaslConfigs.SASL_JAAS_CONFIG);
            String scramPassword = jaas.replaceAll(".*password=\"([^\"]+)\".*", "$1");
            assertThat(scramPassword).isNotEqualTo(jaas);
            SecretScan.assertNotInLogs(scramPassword, logLines);
        }
    }

    @Test
    void plaintextClientGetsNothing() {
        Map<String, Object> plaintext = Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, REFUSAL_TIMEOUT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, REFUSAL_TIMEOUT_MS);

        assertThatThrownBy(() -> listTopics(plaintext)).hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void clientWithoutTheTruststoreFailsTheHandshake() {
        Map<String, Object> untrusting = new HashMap<>(stack.kafkaAdminConfig());
        untrusting.remove(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG);
        untrusting.remove(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG);
        untrusting.remove(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG);
        untrusting.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, REFUSAL_TIMEOUT_MS);
        untrusting.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, REFUSAL_TIMEOUT_MS);

        assertThatThrownBy(() -> listTopics(untrusting)).hasCauseInstanceOf(SslAuthenticationException.class);
    }

    @Test
    void verifierCannotWriteTheProvisionersTopic() {
        Map<String, Object> verifier =
                new HashMap<>(stack.secureKafka().orElseThrow().clientConfig("verifier-service"));
        // Idempotence off: the broker then names the topic (with it on, the refusal is a cluster-level one).
        verifier.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        verifier.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, REFUSAL_TIMEOUT_MS * 2);
        verifier.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, REFUSAL_TIMEOUT_MS * 2);
        verifier.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, REFUSAL_TIMEOUT_MS);

        try (var producer = new KafkaProducer<>(verifier, new StringSerializer(), new ByteArraySerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(
                                    Topic.SITE_PROVISIONED.topicName(), "forged-tenant", new byte[] {1}))
                            .get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        assertThat(ServiceAcls.writersOf(Topic.SITE_PROVISIONED.topicName())).containsExactly("provisioner-service");
    }

    private static void listTopics(Map<String, Object> config) throws Exception {
        try (Admin admin = Admin.create(config)) {
            admin.listTopics().names().get();
        }
    }

    private static String signup(String subdomain) {
        return """
                {"organization": "%s Ltd", "subdomain": "%s", "email": "jane@%s.example",
                 "firstName": "Jane", "lastName": "Doe", "password": "%s",
                 "plan": "pro", "country": "DE", "timezone": "Europe/Berlin", "currency": "EUR"}""".formatted(subdomain, subdomain, subdomain, PASSWORD);
    }
}
