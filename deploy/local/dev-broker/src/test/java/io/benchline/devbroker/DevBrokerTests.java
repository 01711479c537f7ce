package io.benchline.devbroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchline.platform.ports.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevBrokerTests {

    @Test
    void formatsOnFirstStartAndKeepsRecordsAcrossRestarts(@TempDir Path data) throws Exception {
        int port = FreePorts.take();
        int controllerPort = FreePorts.take();

        try (DevBroker broker = DevBroker.start(data, port, controllerPort)) {
            assertThat(Files.exists(data.resolve("meta.properties"))).isTrue();
            produce(broker.bootstrapServers(), "kept");
        }
        try (DevBroker restarted = DevBroker.start(data, port, controllerPort)) {
            assertThat(consumeAll(restarted.bootstrapServers())).containsExactly("kept");
        }
    }

    @Test
    void clientListenerBindsWhereToldAndAdvertisesTheGivenHostWhileTheControllerStaysOnLoopback() {
        Properties config = DevBroker.config(Path.of("/data"), 9092, 9093, new Listener("0.0.0.0", "kafka"));

        assertThat(config.getProperty("listeners")).isEqualTo("PLAINTEXT://0.0.0.0:9092,CONTROLLER://127.0.0.1:9093");
        assertThat(config.getProperty("advertised.listeners")).isEqualTo("PLAINTEXT://kafka:9092");
        assertThat(config.getProperty("controller.quorum.voters")).isEqualTo("1@127.0.0.1:9093");
        assertThat(DevBroker.advertisedDefault("0.0.0.0")).isEqualTo("127.0.0.1");
        assertThat(DevBroker.advertisedDefault("10.1.2.3")).isEqualTo("10.1.2.3");
        assertThat(new Listener("0.0.0.0", "kafka").extraCertificateNames()).containsExactly("kafka");
        assertThat(Listener.LOOPBACK.extraCertificateNames()).isEmpty();
    }

    @Test
    void wildcardBoundBrokerServesClientsThroughItsAdvertisedHost(@TempDir Path data) throws Exception {
        int port = FreePorts.take();
        int controllerPort = FreePorts.take();

        // Clients bootstrap anywhere and then connect to the advertised host: "localhost" proves it is used.
        try (DevBroker broker = DevBroker.start(data, port, controllerPort, new Listener("0.0.0.0", "localhost"))) {
            assertThat(broker.bootstrapServers()).isEqualTo("localhost:" + port);
            produce("127.0.0.1:" + port, "through the wildcard listener");
            assertThat(consumeAll(broker.bootstrapServers())).containsExactly("through the wildcard listener");
        }
    }

    @Test
    void securedBrokerKeepsItsScramUsersAndRecordsAcrossRestartsAndRefusesStrangers(@TempDir Path state)
            throws Exception {
        int port = FreePorts.take();
        int controllerPort = FreePorts.take();
        Path data = state.resolve("kafka");
        Path security = state.resolve("kafka-security");
        List<String> users = List.of("verifier-service");

        try (DevBroker broker = DevBroker.startSecure(data, port, controllerPort, security, users)) {
            produce(clientConfig(security, "admin"), "kept");
        }
        for (String file : List.of("secrets.properties", "broker.p12", "truststore.p12", "clients/admin.properties")) {
            assertThat(Files.getPosixFilePermissions(security.resolve(file)))
                    .as(file)
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        assertThat(Files.getPosixFilePermissions(data.resolve("server.properties")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        try (DevBroker restarted = DevBroker.startSecure(data, port, controllerPort, security, users)) {
            assertThat(consumeAll(clientConfig(security, "admin"))).containsExactly("kept");

            // A user without ACLs is authenticated (its password came from format time) but may do nothing.
            Map<String, Object> verifier = clientConfig(security, "verifier-service");
            verifier.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
            verifier.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
            assertThatThrownBy(() -> produce(verifier, "refused"))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);

            Map<String, Object> wrongPassword = clientConfig(security, "verifier-service");
            wrongPassword.put(
                    "sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"verifier-service\""
                            + " password=\"guessed\";");
            wrongPassword.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
            assertThatThrownBy(() -> produce(wrongPassword, "refused"))
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        }

        assertThatThrownBy(() -> DevBroker.start(data, port, controllerPort))
                .as("a secured data folder never starts as a plaintext broker")
                .hasMessageContaining("formatted for a secured broker");
        assertThatThrownBy(() -> DevBroker.startSecure(
                        data, port, controllerPort, security, List.of("verifier-service", "user-service")))
                .as("SCRAM users exist only from format time")
                .hasMessageContaining("SCRAM user user-service was not made");
    }

    private static Map<String, Object> clientConfig(Path security, String user) throws Exception {
        Properties file = new Properties();
        try (var in = Files.newInputStream(security.resolve("clients/" + user + ".properties"))) {
            file.load(in);
        }
        Map<String, Object> config = new HashMap<>();
        file.forEach((key, value) -> config.put((String) key, value));
        return config;
    }

    private static void produce(String bootstrap, String value) throws Exception {
        produce(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), value);
    }

    private static void produce(Map<String, Object> config, String value) throws Exception {
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("dev-broker-test", "k", value)).get();
        }
    }

    private static List<String> consumeAll(String bootstrap) {
        return consumeAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static List<String> consumeAll(Map<String, Object> client) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "dev-broker-test");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("dev-broker-test"));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return !values.isEmpty();
            });
        }
        return values;
    }
}
