package io.benchline.testing;

import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * One real Kafka broker per test JVM, started on first use: a Testcontainers {@code apache/kafka} broker when a
 * Docker engine answers, else an in-JVM KRaft broker. {@code -Dkafka.test.mode=embedded|docker} forces one (CI
 * forces embedded); the same tests run against both.
 */
public final class KafkaTestBroker {

    private static final String IMAGE = "apache/kafka:4.1.2";

    /** Single-broker settings that transactions and Kafka Streams exactly-once need. */
    private static final Map<String, String> SINGLE_BROKER = Map.of(
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "offsets.topic.replication.factor", "1",
            "group.initial.rebalance.delay.ms", "0");

    private KafkaTestBroker() {}

    public static String bootstrapServers() {
        return Holder.BOOTSTRAP_SERVERS;
    }

    /** Class initialisation starts the broker exactly once, thread-safely, on first use. */
    private static final class Holder {
        static final String BOOTSTRAP_SERVERS = start();

        private static String start() {
            String mode = System.getProperty("kafka.test.mode", "auto");
            boolean docker = mode.equals("docker")
                    || (mode.equals("auto") && DockerClientFactory.instance().isDockerAvailable());
            return docker ? startContainer() : startEmbedded();
        }

        private static String startContainer() {
            KafkaContainer container = new KafkaContainer(IMAGE);
            SINGLE_BROKER.forEach((key, value) ->
                    container.withEnv("KAFKA_" + key.toUpperCase().replace('.', '_'), value));
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "kafka-test-broker-stop"));
            return container.getBootstrapServers();
        }

        private static String startEmbedded() {
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
            broker.brokerProperties(Map.copyOf(SINGLE_BROKER));
            broker.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "kafka-test-broker-stop"));
            return broker.getBrokersAsString();
        }
    }
}
