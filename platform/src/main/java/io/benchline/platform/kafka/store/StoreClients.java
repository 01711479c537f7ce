package io.benchline.platform.kafka.store;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.StringUtils;

/**
 * The Kafka clients of one store. Everything comes from Spring's {@link KafkaProperties} and
 * {@link KafkaConnectionDetails}, as for the clients Boot builds, so the security, TLS and SASL settings that every
 * other client of the service gets apply here too; only what makes a store a store is overridden.
 */
final class StoreClients {

    private final KafkaProperties kafka;
    private final KafkaConnectionDetails connection;
    private final String topic;
    private final String clientId;
    private final Supplier<Producer<String, byte[]>> sharedWriter;

    /**
     * @param connection Boot's connection details (bootstrap servers, SSL bundle), or {@code null} for none
     * @param sharedWriter the service's producer to write through, or {@code null} for a writer of the store's own
     */
    StoreClients(
            KafkaProperties kafka,
            KafkaConnectionDetails connection,
            String topic,
            String clientId,
            Supplier<Producer<String, byte[]>> sharedWriter) {
        this.kafka = kafka;
        this.connection = connection;
        this.topic = topic;
        this.clientId = clientId;
        this.sharedWriter = sharedWriter;
    }

    String topic() {
        return topic;
    }

    Consumer<String, byte[]> reader() {
        return new KafkaConsumer<>(readerConfig(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** A writer of the store's own, which the store closes with itself. */
    Producer<String, byte[]> writer() {
        return new KafkaProducer<>(writerConfig(), new StringSerializer(), new ByteArraySerializer());
    }

    /** The service's producer the store writes through instead of one of its own, if any; never closed by the store. */
    Optional<Supplier<Producer<String, byte[]>>> sharedWriter() {
        return Optional.ofNullable(sharedWriter);
    }

    Admin admin() {
        return Admin.create(adminConfig());
    }

    Map<String, Object> readerConfig() {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        if (connection != null) {
            apply(connection.getConsumer(), connection.getSecurityProtocol(), config);
        }
        // A store assigns its partitions and seeks itself: it is no group member and commits nothing, whatever
        // group the service's listeners use.
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Values of aborted transactions must never count (user-service writes its entries transactionally).
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        // The topic is declared (compacted) by KafkaAdmin; a reader asking too early must not auto-create a plain one.
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-reader");
        return config;
    }

    Map<String, Object> writerConfig() {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        if (connection != null) {
            apply(connection.getProducer(), connection.getProducer().getSecurityProtocol(), config);
        }
        // A store's write is durable once acknowledged by every in-sync replica, exactly once per send; it never
        // joins the service's transactions.
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-writer");
        return config;
    }

    Map<String, Object> adminConfig() {
        Map<String, Object> config = new HashMap<>(kafka.buildAdminProperties());
        if (connection != null) {
            apply(connection.getAdmin(), connection.getAdmin().getSecurityProtocol(), config);
        }
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-admin");
        return config;
    }

    /**
     * What Boot's own client factories add from {@link KafkaConnectionDetails} (see {@code KafkaAutoConfiguration}):
     * the bootstrap servers, and {@code spring.kafka.ssl.bundle}, which {@code build*Properties()} leave out.
     */
    private static void apply(
            KafkaConnectionDetails.Configuration details, String securityProtocol, Map<String, Object> config) {
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, details.getBootstrapServers());
        if (StringUtils.hasLength(securityProtocol)) {
            config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol);
        }
        SslBundle bundle = details.getSslBundle();
        if (bundle != null) {
            config.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class);
            config.put(SslBundle.class.getName(), bundle);
        }
    }

    IllegalStateException cannotReachEnd(Duration timeout, Throwable cause) {
        return new IllegalStateException("cannot read " + topic + " to its end within " + timeout, cause);
    }
}
