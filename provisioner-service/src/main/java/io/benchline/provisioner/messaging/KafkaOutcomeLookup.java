package io.benchline.provisioner.messaging;

import io.benchline.provisioner.provisioning.OutcomeLookup;
import io.benchline.schemas.CloudEventHeaders;
import io.benchline.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Finds an outcome event by its id on its catalogue topic: only in the partition the producer's default partitioner
 * put the tenant's key in, and only from the records no older than the event (a timestamp lookup), so a look reads a
 * handful of records. No group: the consumer assigns the partition itself and commits nothing.
 */
public final class KafkaOutcomeLookup implements OutcomeLookup {

    /** Record timestamps come from the producer's wall clock, the event's time from the service's clock. */
    private static final Duration CLOCK_SLACK = Duration.ofMinutes(5);

    private final ConsumerFactory<?, ?> consumers;
    private final Duration timeout;

    /** @param timeout how long one look may wait for the broker before it counts as unavailable */
    public KafkaOutcomeLookup(ConsumerFactory<?, ?> consumers, Duration timeout) {
        this.consumers = consumers;
        this.timeout = timeout;
    }

    @Override
    public boolean contains(Class<?> type, UUID tenantId, UUID eventId, Instant notBefore) {
        String topic = Topic.byEventType(type)
                .orElseThrow(() -> new IllegalArgumentException(type.getSimpleName() + " has no topic"))
                .topicName();
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        overrides.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        // The event looked for is this service's own, sent without a transaction: it counts once acknowledged. Read
        // committed (the listeners' setting), a partition's end would stop at another writer's open transaction
        // (user-service's outcomes share these topics) and an event sent after it would look absent: sent twice.
        overrides.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_UNCOMMITTED.toString());
        try (Consumer<?, ?> consumer = consumers.createConsumer(null, "provisioner-outcome-lookup", null, overrides)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("no partitions of " + topic + " known");
            }
            byte[] key = tenantId.toString().getBytes(StandardCharsets.UTF_8);
            // What the producer's default partitioner does with a keyed record (BuiltInPartitioner.partitionForKey).
            TopicPartition partition =
                    new TopicPartition(topic, Utils.toPositive(Utils.murmur2(key)) % partitions.size());
            consumer.assign(List.of(partition));
            long from = notBefore.minus(CLOCK_SLACK).toEpochMilli();
            OffsetAndTimestamp start =
                    consumer.offsetsForTimes(Map.of(partition, from), timeout).get(partition);
            long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
            if (start == null) {
                // No record as recent as the event: it is not there.
                return false;
            }
            consumer.seek(partition, start.offset());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (consumer.position(partition, timeout) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + partition + " to its end within " + timeout);
                }
                for (ConsumerRecord<?, ?> record : consumer.poll(Duration.ofMillis(200))) {
                    Optional<UUID> id = CloudEventHeaders.eventId(record.headers());
                    if (id.isPresent() && id.get().equals(eventId)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
