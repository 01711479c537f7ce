package io.benchline.platform.kafka.store;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * Makes the stores on compacted topics, their Kafka clients configured from {@code spring.kafka.*} (bootstrap
 * servers, {@code security.*}, {@code ssl.*} including a bundle, {@code properties.*}) like every client Boot builds.
 */
public class CompactedTopics {

    private final KafkaProperties kafka;
    private final KafkaConnectionDetails connection;
    private final Supplier<Producer<String, byte[]>> sharedWriter;

    /** Stores whose clients get exactly what {@code kafka.build*Properties()} give. */
    public CompactedTopics(KafkaProperties kafka) {
        this(kafka, null);
    }

    /**
     * Stores whose clients also get what Boot's own factories take from the connection details: the bootstrap
     * servers and the {@code spring.kafka.ssl.bundle}. Each store writes with a producer of its own.
     */
    public CompactedTopics(KafkaProperties kafka, KafkaConnectionDetails connection) {
        this(kafka, connection, null);
    }

    /**
     * Stores that write through the service's own producer instead of one each: writes of several stores and the
     * service's events made at the same moment then share requests to the broker. That producer must be what a
     * store's own would be, non-transactional, {@code acks=all} and idempotent: the caller checks it.
     *
     * @param sharedWriter asked for the producer at each write (a factory may renew a failed one); never closed here
     */
    public CompactedTopics(
            KafkaProperties kafka, KafkaConnectionDetails connection, Supplier<Producer<String, byte[]>> sharedWriter) {
        this.kafka = kafka;
        this.connection = connection;
        this.sharedWriter = sharedWriter;
    }

    /**
     * A store of the partitions this instance owns, loaded when they are assigned.
     *
     * @param clientId the prefix of its clients' {@code client.id}s, for the broker's logs and quotas
     * @param readTimeout how long {@link AssignedPartitionsStore#load} may take to read to the end
     */
    public <V> AssignedPartitionsStore<V> assignedPartitions(
            String topic, String clientId, ValueCodec<V> codec, Duration readTimeout) {
        return new AssignedPartitionsStore<>(
                new StoreClients(kafka, connection, topic, clientId, sharedWriter), codec, readTimeout);
    }

    /**
     * A read-only view of the whole topic, followed from the beginning once {@link FollowedTopicView#start()}ed.
     *
     * @param clientId the prefix of its clients' {@code client.id}s
     * @param timeout how long start-up and {@link FollowedTopicView#awaitCommitted()} may wait
     */
    public <V> FollowedTopicView<V> followed(String topic, String clientId, ValueCodec<V> codec, Duration timeout) {
        return new FollowedTopicView<>(new StoreClients(kafka, connection, topic, clientId, null), codec, timeout);
    }

    /**
     * A read-only view of a whole topic like {@link #followed}, but each value is kept under a key taken from the
     * value itself: for a topic keyed by tenant whose every record counts (e.g. commands, kept under their command
     * id), not only the latest per record key. A tombstone still removes its record key.
     */
    public <V> FollowedTopicView<V> followedBy(
            String topic, String clientId, ValueCodec<V> codec, Function<V, String> keyOf, Duration timeout) {
        return new FollowedTopicView<>(
                new StoreClients(kafka, connection, topic, clientId, null),
                codec,
                (recordKey, value) -> keyOf.apply(value),
                timeout);
    }
}
