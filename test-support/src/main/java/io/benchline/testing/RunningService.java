package io.benchline.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A service's Spring Boot application started for a test, on the shared broker ({@link KafkaTestBroker}), as its
 * real process starts it: every test property is a command-line argument ({@code --key=value}), so it outranks
 * the service's {@code application.yml} (Spring's default properties rank below it and silently lose). The web
 * server, if the service has one, listens on a free port unless the test says otherwise.
 */
public final class RunningService implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private RunningService(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts {@code application} with the broker, a free port and then {@code properties} (which win). */
    public static RunningService start(Class<?> application, Map<String, ?> properties) {
        return start(new Class<?>[] {application}, properties);
    }

    /** As {@link #start(Class, Map)} with extra configuration classes next to the application. */
    public static RunningService start(Class<?>[] sources, Map<String, ?> properties) {
        return new RunningService(
                new SpringApplicationBuilder(sources).main(sources[0]).run(arguments(properties)));
    }

    /** The command line that {@link #start} passes: the shared defaults, then {@code properties}. */
    public static String[] arguments(Map<String, ?> properties) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("spring.kafka.bootstrap-servers", KafkaTestBroker.bootstrapServers());
        all.put("server.port", 0);
        all.putAll(properties);
        return all.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The resolved value of a property, as the running service sees it. */
    public String property(String key) {
        return context.getEnvironment().getProperty(key);
    }

    /** The port the web server listens on (only for services with one). */
    public int port() {
        String port = property("local.server.port");
        if (port == null) {
            throw new IllegalStateException("the service has no web server");
        }
        return Integer.parseInt(port);
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * Waits until the service's consumer group ({@code spring.kafka.consumer.group-id}) has committed past
     * {@code sent}: the service handled that record, whatever it did with it. Proves "ignored" without relying on
     * the order in which other records are handled.
     */
    public void awaitConsumed(RecordMetadata sent) {
        awaitConsumed(property("spring.kafka.consumer.group-id"), sent);
    }

    /** As {@link #awaitConsumed(RecordMetadata)} for a named consumer group. */
    public static void awaitConsumed(String group, RecordMetadata sent) {
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> committed(admin, group, partition) > sent.offset());
        }
    }

    private static long committed(Admin admin, String group, TopicPartition partition)
            throws InterruptedException, ExecutionException {
        OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get()
                .get(partition);
        return offset == null ? -1 : offset.offset();
    }

    @Override
    public void close() {
        context.close();
    }
}
