package io.benchline.localstack;

import io.benchline.schemas.Topic;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The secured development broker as the launcher sees it (dev-broker {@code --secure}): the broker's folder holds
 * {@code truststore.p12}, {@code ca.pem} and {@code clients/<user>.properties} for the admin and every service.
 * Before any service starts, the admin creates the catalogue's topics (as production's topic resources do) and
 * {@link ServiceAcls}' ACLs; each service then gets its own SCRAM principal through Spring's {@code spring.kafka.*}
 * properties, its password only through its environment.
 */
final class SecureKafka {

    static final String ADMIN = "admin";
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(60);

    private final Path folder;

    SecureKafka(Path folder) {
        this.folder = folder.toAbsolutePath();
    }

    /** The SCRAM users the broker is formatted with: one per service (the admin and its own come on top). */
    static List<String> serviceUsers() {
        return ServiceAcls.services().stream()
                .map(ServiceAcls.ServiceAccess::service)
                .toList();
    }

    Path folder() {
        return folder;
    }

    Path adminProperties() {
        return clientProperties(ADMIN);
    }

    Path adminKcatConfig() {
        return folder.resolve("clients/" + ADMIN + ".kcat.conf");
    }

    Path truststore() {
        return folder.resolve("truststore.p12");
    }

    Path caPem() {
        return folder.resolve("ca.pem");
    }

    private Path clientProperties(String user) {
        return folder.resolve("clients/" + user + ".properties");
    }

    /** A user's complete Kafka client configuration (bootstrap, SASL_SSL, SCRAM login, truststore). */
    Map<String, Object> clientConfig(String user) {
        Properties file = new Properties();
        try (InputStream in = Files.newInputStream(clientProperties(user))) {
            file.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("no Kafka client configuration for " + user + " in " + folder, e);
        }
        Map<String, Object> config = new HashMap<>();
        file.forEach((key, value) -> config.put((String) key, value));
        return config;
    }

    /** Creates the catalogue's topics and every service's ACLs, as the admin; both are idempotent. */
    void prepare() {
        try (Admin admin = Admin.create(clientConfig(ADMIN))) {
            List<NewTopic> topics = new ArrayList<>();
            for (Topic topic : Topic.values()) {
                topics.add(topic(topic.topicName(), topic.retention()));
                topics.add(topic(topic.deadLetterTopicName(), Topic.DEAD_LETTER_RETENTION));
            }
            admin.createTopics(topics).values().values().forEach(SecureKafka::existingIsFine);
            admin.createAcls(ServiceAcls.bindings()).all().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the topics and ACLs on the secured broker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics and ACLs", e);
        }
    }

    /**
     * The service's client settings: properties for everything but the secrets (the truststore password and the
     * JAAS line with the SCRAM password), which travel in the environment.
     */
    void configure(String service, Map<String, String> properties, Map<String, String> secretEnvironment) {
        Map<String, Object> client = clientConfig(service);
        properties.put("spring.kafka.security.protocol", "SASL_SSL");
        properties.put("spring.kafka.ssl.trust-store-location", "file:" + client.get("ssl.truststore.location"));
        properties.put("spring.kafka.ssl.trust-store-type", (String) client.get("ssl.truststore.type"));
        properties.put("spring.kafka.properties[sasl.mechanism]", (String) client.get("sasl.mechanism"));
        secretEnvironment.put("SPRING_KAFKA_SSL_TRUSTSTOREPASSWORD", (String) client.get("ssl.truststore.password"));
        secretEnvironment.put("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", (String) client.get("sasl.jaas.config"));
    }

    private static NewTopic topic(String name, Duration retention) {
        return new NewTopic(name, Topic.PARTITIONS, (short) 1)
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis())));
    }

    private static void existingIsFine(org.apache.kafka.common.KafkaFuture<Void> created) {
        try {
            created.get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create a topic on the secured broker", e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("the secured broker did not create its topics in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
