package io.benchline.user;

import io.benchline.schemas.AvroEventDeserializer;
import io.benchline.schemas.EventMetadata;
import io.benchline.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning to its committed end, as any downstream consumer would see it. */
final class TopicReader {

    private TopicReader() {}

    static List<SpecificRecord> events(String bootstrap, Topic topic, UUID tenantId) {
        List<SpecificRecord> events = new ArrayList<>();
        try (var consumer =
                new KafkaConsumer<>(config(bootstrap), new StringDeserializer(), new AvroEventDeserializer())) {
            for (ConsumerRecord<String, SpecificRecord> r : readAll(consumer, topic.topicName())) {
                if (EventMetadata.of(r.value()).tenantId().equals(tenantId)) {
                    events.add(r.value());
                }
            }
        }
        return events;
    }

    static List<ConsumerRecord<String, byte[]>> raw(String bootstrap, String topicName, String key) {
        try (var consumer =
                new KafkaConsumer<>(config(bootstrap), new StringDeserializer(), new ByteArrayDeserializer())) {
            return readAll(consumer, topicName).stream()
                    .filter(r -> key.equals(r.key()))
                    .toList();
        }
    }

    private static <V> List<ConsumerRecord<String, V>> readAll(KafkaConsumer<String, V> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        }
        return records;
    }

    private static Map<String, Object> config(String bootstrap) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    }
}
