package io.benchline.platform.kafka.store;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * A compacted topic whose partition {@code p} belongs to whoever owns partition {@code p} of some input topic: the
 * owner {@link #load}s a partition when it is assigned, answers {@link #find} from memory, {@link #forget}s the
 * partition when it is revoked, and writes each value to the partition it owns.
 */
public final class AssignedPartitionsStore<V> implements AutoCloseable {

    /** How long {@link #write} waits for the broker's acknowledgement. */
    public static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final StoreClients clients;
    private final String topic;
    private final ValueCodec<V> codec;
    private final LatestValues<V> latestValues;
    private final Duration readTimeout;
    /** What writes go through: the store's own producer, or the service's (asked for each write: it may be renewed). */
    private final Supplier<Producer<String, byte[]>> writer;
    /** The store's own producer, closed with it; {@code null} when it writes through the service's. */
    private final Producer<String, byte[]> ownWriter;

    private final Map<Integer, Map<String, V>> loaded = new ConcurrentHashMap<>();

    AssignedPartitionsStore(StoreClients clients, ValueCodec<V> codec, Duration readTimeout) {
        this.clients = clients;
        this.topic = clients.topic();
        this.codec = codec;
        this.latestValues = new LatestValues<>(codec);
        this.readTimeout = readTimeout;
        Optional<Supplier<Producer<String, byte[]>>> shared = clients.sharedWriter();
        this.ownWriter = shared.isPresent() ? null : clients.writer();
        this.writer = shared.orElse(() -> ownWriter);
    }

    /**
     * Reads the given partitions from the beginning to their current (committed) end and keeps them in memory.
     *
     * @return each partition's latest values by key (every given partition, empty ones too)
     * @throws IllegalStateException when the end cannot be reached within the read timeout
     */
    public Map<Integer, Map<String, V>> load(Collection<Integer> partitions) {
        Map<Integer, Map<String, V>> latest = read(partitions);
        latest.forEach((partition, values) -> loaded.put(partition, new ConcurrentHashMap<>(values)));
        return latest;
    }

    /**
     * Reads the given partitions like {@link #load} without keeping them: for an owner that needs them once, on
     * assignment, and never looks a key up.
     */
    public Map<Integer, Map<String, V>> read(Collection<Integer> partitions) {
        Map<Integer, Map<String, V>> latest = new LinkedHashMap<>();
        partitions.forEach(partition -> latest.put(partition, new LinkedHashMap<>()));
        if (partitions.isEmpty()) {
            return latest;
        }
        List<TopicPartition> assigned =
                partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
        long deadline = System.nanoTime() + readTimeout.toNanos();
        try (Consumer<String, byte[]> consumer = clients.reader()) {
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            // read_committed: the end is the last stable offset, which the reader can always reach.
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, left(deadline));
            while (!reached(consumer, end, deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    latestValues.apply(record, latest.get(record.partition()));
                }
            }
        } catch (KafkaException e) {
            // A timeout, or a broker that refuses this client (authentication, authorization).
            throw clients.cannotReachEnd(readTimeout, e);
        }
        return latest;
    }

    /** Drops the partitions another instance now owns; they are loaded again if they come back. */
    public void forget(Collection<Integer> partitions) {
        partitions.forEach(loaded::remove);
    }

    /** The latest value of a key in a loaded partition. */
    public Optional<V> find(String key) {
        for (Map<String, V> values : loaded.values()) {
            V value = values.get(key);
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /**
     * Writes a value and returns once every in-sync replica has it; a loaded partition's view then holds it.
     *
     * @throws IllegalStateException when the write fails or is not acknowledged within {@link #WRITE_TIMEOUT}
     */
    public void write(int partition, String key, V value) {
        try {
            writeAsync(partition, key, value).get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing " + key + " to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot write " + key + " to " + topic + " within " + WRITE_TIMEOUT,
                    e instanceof ExecutionException ? e.getCause() : e);
        }
    }

    /** Writes a value; the future completes once every in-sync replica has it. */
    public CompletableFuture<Void> writeAsync(int partition, String key, V value) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        writer.get().send(new ProducerRecord<>(topic, partition, key, codec.encode(value)), (metadata, error) -> {
            if (error != null) {
                written.completeExceptionally(error);
                return;
            }
            loaded.computeIfPresent(partition, (p, values) -> {
                values.put(key, value);
                return values;
            });
            written.complete(null);
        });
        return written;
    }

    @Override
    public void close() {
        if (ownWriter != null) {
            ownWriter.close(Duration.ofSeconds(5));
        }
    }

    private boolean reached(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> end, long deadline) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey(), left(deadline)) < partition.getValue()) {
                if (System.nanoTime() > deadline) {
                    throw clients.cannotReachEnd(readTimeout, null);
                }
                return false;
            }
        }
        return true;
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
