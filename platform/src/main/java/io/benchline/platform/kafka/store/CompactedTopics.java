package io.benchline.platform.kafka.store;

import java.time.Duration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * Makes the stores on compacted topics, their Kafka clients configured from {@code spring.kafka.*} (bootstrap
 * servers, {@code security.*}, {@code ssl.*}, {@code properties.*}) like every client Boot builds.
 */
public class CompactedTopics {

    private final KafkaProperties kafka;

    public CompactedTopics(KafkaProperties kafka) {
        this.kafka = kafka;
    }

    /**
     * A store of the partitions this instance owns, loaded when they are assigned.
     *
     * @param clientId the prefix of its clients' {@code client.id}s, for the broker's logs and quotas
     * @param readTimeout how long {@link AssignedPartitionsStore#load} may take to read to the end
     */
    public <V> AssignedPartitionsStore<V> assignedPartitions(
            String topic, String clientId, ValueCodec<V> codec, Duration readTimeout) {
        return new AssignedPartitionsStore<>(new StoreClients(kafka, topic, clientId), codec, readTimeout);
    }

    /**
     * A read-only view of the whole topic, followed from the beginning once {@link FollowedTopicView#start()}ed.
     *
     * @param clientId the prefix of its clients' {@code client.id}s
     * @param timeout how long start-up and {@link FollowedTopicView#awaitCommitted()} may wait
     */
    public <V> FollowedTopicView<V> followed(String topic, String clientId, ValueCodec<V> codec, Duration timeout) {
        return new FollowedTopicView<>(new StoreClients(kafka, topic, clientId), codec, timeout);
    }
}
