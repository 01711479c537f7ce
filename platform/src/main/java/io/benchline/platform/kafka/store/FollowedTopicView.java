package io.benchline.platform.kafka.store;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read-only view of a whole compacted topic: one thread reads every partition from the beginning and then
 * follows it (read_committed, so aborted transactions never show). {@link #awaitCommitted()} makes the view
 * include everything committed before the call, whoever committed it.
 */
public final class FollowedTopicView<V> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FollowedTopicView.class);
    private static final Duration NOT_YET_PAUSE = Duration.ofMillis(100);

    private final StoreClients clients;
    private final String topic;
    private final LatestValues<V> latestValues;
    private final Duration timeout;
    private final Map<String, V> values = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private final Object progress = new Object();
    private volatile List<TopicPartition> partitions = List.of();
    private volatile Admin admin;
    private volatile Consumer<String, byte[]> consumer;
    private volatile Thread reader;
    private volatile boolean running;

    FollowedTopicView(StoreClients clients, ValueCodec<V> codec, Duration timeout) {
        this(clients, codec, (recordKey, value) -> recordKey, timeout);
    }

    FollowedTopicView(
            StoreClients clients, ValueCodec<V> codec, BiFunction<String, V, String> keyOf, Duration timeout) {
        this.clients = clients;
        this.topic = clients.topic();
        this.latestValues = new LatestValues<>(codec, keyOf);
        this.timeout = timeout;
    }

    /**
     * Starts following the topic and returns once the view holds everything committed so far.
     *
     * @throws IllegalStateException when the topic's partitions or its committed end cannot be reached in time
     */
    public void start() {
        long deadline = System.nanoTime() + timeout.toNanos();
        admin = clients.admin();
        try {
            partitions = awaitPartitions(deadline);
            consumer = clients.reader();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        running = true;
        Thread thread = new Thread(this::follow, clients.topic() + "-follower");
        thread.setDaemon(true);
        reader = thread;
        thread.start();
        try {
            awaitCommitted(deadline);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Waits until the view has passed every value committed so far: the read_committed end offsets (last stable
     * offsets). A transaction is in them once the broker has written its commit markers, a moment after the
     * producer's {@code commitTransaction()} returned.
     *
     * @throws IllegalStateException when it has not within the timeout, or the view stopped following
     */
    public void awaitCommitted() {
        awaitCommitted(System.nanoTime() + timeout.toNanos());
    }

    /** The latest value of a key as far as the view has read; call {@link #awaitCommitted()} first for the latest. */
    public Optional<V> find(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** Every latest value as far as the view has read (a live, unmodifiable view: iterate, do not keep). */
    public Collection<V> values() {
        return Collections.unmodifiableCollection(values.values());
    }

    public int size() {
        return values.size();
    }

    public boolean isRunning() {
        return running;
    }

    @Override
    public void close() {
        running = false;
        Thread thread = reader;
        if (thread != null) {
            if (thread.isAlive()) {
                consumer.wakeup(); // the reader closes its consumer on the way out
            }
            try {
                thread.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (consumer != null) {
            consumer.close(Duration.ofSeconds(2));
        }
        reader = null;
        consumer = null;
        Admin toClose = admin;
        admin = null;
        if (toClose != null) {
            toClose.close(Duration.ofSeconds(5));
        }
    }

    private void awaitCommitted(long deadline) {
        Map<TopicPartition, Long> ends = committedEnds(deadline);
        synchronized (progress) {
            while (!passed(ends)) {
                if (!running) {
                    throw new IllegalStateException("stopped following " + topic);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw clients.cannotReachEnd(timeout, null);
                }
                try {
                    progress.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reading " + topic, e);
                }
            }
        }
    }

    private boolean passed(Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /**
     * On a fresh cluster the topic is created by this very start-up (KafkaAdmin) and becomes known a moment later:
     * an unknown topic means "not yet", never "no partitions".
     */
    private List<TopicPartition> awaitPartitions(long deadline) {
        while (true) {
            try {
                TopicDescription description = admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(left(deadline), TimeUnit.NANOSECONDS)
                        .get(topic);
                if (!description.partitions().isEmpty()) {
                    return description.partitions().stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("cannot describe " + topic, e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException(topic + " has no partitions after " + timeout, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + topic, e);
            }
            if (left(deadline) <= NOT_YET_PAUSE.toNanos()) {
                throw new IllegalStateException(topic + " has no partitions after " + timeout);
            }
            try {
                Thread.sleep(NOT_YET_PAUSE.toMillis()); // then ask again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + topic, e);
            }
        }
    }

    private Map<TopicPartition, Long> committedEnds(long deadline) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        try {
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get(left(deadline), TimeUnit.NANOSECONDS)
                    .forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking for the end of " + topic, e);
        } catch (ExecutionException e) {
            throw clients.cannotReachEnd(timeout, e.getCause());
        } catch (TimeoutException e) {
            throw clients.cannotReachEnd(timeout, e);
        }
    }

    private void follow() {
        Consumer<String, byte[]> following = consumer;
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : following.poll(Duration.ofMillis(200))) {
                    latestValues.apply(record, values);
                }
                synchronized (progress) {
                    for (TopicPartition tp : partitions) {
                        positions.put(tp, following.position(tp));
                    }
                    progress.notifyAll();
                }
            }
        } catch (WakeupException e) {
            // close() woke us up.
        } catch (RuntimeException e) {
            log.error("Stopped following {}; its view no longer changes", topic, e);
        } finally {
            running = false;
            synchronized (progress) {
                progress.notifyAll();
            }
            following.close(Duration.ofSeconds(2));
        }
    }

    private static long left(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }
}
