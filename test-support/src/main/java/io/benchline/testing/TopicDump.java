package io.benchline.testing;

import io.benchline.schemas.AvroEventDeserializer;
import io.benchline.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads topics of a broker from their beginning to their end as of the call, as any other consumer of the cluster
 * would see them: {@link #all} every topic as raw bytes (internal changelogs and dead-letter topics included, for
 * secret scans); {@link #of} some topics' committed records as raw bytes; {@link #events} one tenant's events,
 * decoded. Each call reads afresh, so it can be the condition of an Awaitility wait.
 */
public final class TopicDump {

    private static final Duration READ_LIMIT = Duration.ofSeconds(30);

    private TopicDump() {}

    /** One entry per record of every topic, in partition order, aborted transactional records included. */
    public static List<RawRecord> all(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<String> topics =
                    admin.listTopics().names().get().stream().sorted().toList();
            return read(bootstrapServers, topics, "read_uncommitted");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics on " + bootstrapServers, e);
        }
    }

    /** The committed records of these topics (e.g. a dead-letter topic), raw. */
    public static List<RawRecord> of(String bootstrapServers, String... topicNames) {
        return read(bootstrapServers, Arrays.asList(topicNames), "read_committed");
    }

    /** The committed events keyed by {@code tenantId} on these topics, decoded, topic by topic in offset order. */
    public static List<SpecificRecord> events(String bootstrapServers, UUID tenantId, Topic... topics) {
        AvroEventDeserializer decoder = new AvroEventDeserializer();
        String key = tenantId.toString();
        List<SpecificRecord> events = new ArrayList<>();
        for (Topic topic : topics) {
            for (RawRecord r : of(bootstrapServers, topic.topicName())) {
                if (key.equals(r.keyText())) {
                    events.add(decoder.deserialize(r.topic(), r.value()));
                }
            }
        }
        return events;
    }

    /**
     * The committed events of one type (read from its catalogue topic, which may carry other types too, e.g.
     * tenant.lifecycle) for {@code tenantId}.
     */
    public static <T extends SpecificRecord> List<T> events(String bootstrapServers, Class<T> type, UUID tenantId) {
        Topic topic = Topic.byEventType(type)
                .orElseThrow(() -> new IllegalArgumentException(type.getSimpleName() + " has no topic"));
        return events(bootstrapServers, tenantId, topic).stream()
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    /** The tenants (record keys) that have a committed event on {@code topic} of the shared test broker. */
    public static Set<UUID> tenants(Topic topic) {
        return of(KafkaTestBroker.bootstrapServers(), topic.topicName()).stream()
                .map(r -> UUID.fromString(r.keyText()))
                .collect(Collectors.toSet());
    }

    /** {@link #events(String, UUID, Topic...)} on the shared test broker. */
    public static List<SpecificRecord> events(UUID tenantId, Topic... topics) {
        return events(KafkaTestBroker.bootstrapServers(), tenantId, topics);
    }

    /** {@link #events(String, Class, UUID)} on the shared test broker. */
    public static <T extends SpecificRecord> List<T> events(Class<T> type, UUID tenantId) {
        return events(KafkaTestBroker.bootstrapServers(), type, tenantId);
    }

    private static List<RawRecord> read(String bootstrapServers, List<String> topics, String isolation) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        isolation,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        "false"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, READ_LIMIT)
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<RawRecord> records = new ArrayList<>();
            long deadline = System.nanoTime() + READ_LIMIT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topics + " within " + READ_LIMIT);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    records.add(RawRecord.of(r));
                }
            }
            return records;
        }
    }

    /**
     * @param headerValues every header value, raw
     * @param headers the last value of each header, as UTF-8 text
     */
    public record RawRecord(
            String topic, byte[] key, byte[] value, List<byte[]> headerValues, Map<String, String> headers) {

        static RawRecord of(ConsumerRecord<byte[], byte[]> r) {
            List<byte[]> headerValues = new ArrayList<>();
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header h : r.headers()) {
                headerValues.add(h.value());
                headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
            }
            return new RawRecord(r.topic(), r.key(), r.value(), headerValues, headers);
        }

        public String keyText() {
            return key == null ? null : new String(key, StandardCharsets.UTF_8);
        }
    }
}
