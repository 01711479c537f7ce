package io.benchline.provisioner.messaging;

import io.benchline.provisioner.pool.PoolRecord;
import io.benchline.provisioner.pool.StandbyLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * The pool's log on a compacted topic: every record of a host goes to the host's partition (murmur2 of the host id,
 * as Kafka's default partitioner would place the id), so one partition orders everything about a host. A follower
 * (no group: it assigns every partition) applies all records in order from the beginning; a member of the pool's
 * consumer group holds some partitions, and holding a host's partition makes this instance that host's builder.
 * Clients come from Boot's factories, so they carry the service's {@code spring.kafka.*} security settings.
 */
public final class KafkaStandbyLog implements StandbyLog, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaStandbyLog.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final ConsumerFactory<?, ?> consumers;
    private final String topic;
    private final String groupId;
    /** The service's producer (asked for at each write: its factory may renew a failed one); not closed here. */
    private final Supplier<Producer<String, byte[]>> producer;

    private final PoolRecordCodec codec = new PoolRecordCodec();
    private final Map<Integer, Long> applied = new HashMap<>();
    private final Map<Integer, Long> startEnd = new HashMap<>();
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private volatile int partitions;
    private volatile boolean closed;
    private volatile Consumer<String, byte[]> follower;
    private volatile Consumer<String, byte[]> member;
    private Thread following;
    private Thread membership;

    /**
     * @param producer the service's producer for byte values, non-transactional, {@code acks=all} and idempotent:
     *     the standby records a claim or a build writes then share requests with the run's other writes
     */
    public KafkaStandbyLog(
            ConsumerFactory<?, ?> consumers,
            Supplier<Producer<String, byte[]>> producer,
            String topic,
            String groupId) {
        this.consumers = consumers;
        this.topic = topic;
        this.groupId = groupId;
        this.producer = producer;
    }

    @Override
    public void start(Applier applier) {
        List<PartitionInfo> infos = producer.get().partitionsFor(topic);
        partitions = infos.size();
        follower = consumer(null, "provisioner-pool-follower");
        List<TopicPartition> all = infos.stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .toList();
        follower.assign(all);
        follower.seekToBeginning(all);
        follower.endOffsets(all).forEach((tp, end) -> startEnd.put(tp.partition(), end));
        following = new Thread(() -> follow(applier, all), "standby-log-follower");
        following.setDaemon(true);
        following.start();
        member = consumer(groupId, "provisioner-pool-owner");
        membership = new Thread(this::holdMembership, "standby-log-owner");
        membership.setDaemon(true);
        membership.start();
    }

    private void follow(Applier applier, List<TopicPartition> all) {
        try {
            while (!closed) {
                for (ConsumerRecord<String, byte[]> r : follower.poll(Duration.ofMillis(200))) {
                    PoolRecord record;
                    try {
                        record = r.value() == null ? null : codec.decode(r.value());
                    } catch (RuntimeException e) {
                        log.warn(
                                "standby pool: skipping an unreadable record at {}-{}@{}",
                                topic,
                                r.partition(),
                                r.offset());
                        continue;
                    }
                    applier.apply(r.key(), record);
                }
                synchronized (applied) {
                    for (TopicPartition tp : all) {
                        applied.put(tp.partition(), follower.position(tp));
                    }
                    applied.notifyAll();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("standby pool: the log's follower stopped", e);
        } finally {
            follower.close();
        }
    }

    private void holdMembership() {
        try {
            member.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> lost) {
                    lost.forEach(tp -> owned.remove(tp.partition()));
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                    // The member only holds partitions; the follower reads them. Paused, its polls only keep it in
                    // the group: unpaused, every standby record was fetched a second time here and thrown away.
                    member.seekToEnd(assigned);
                    member.pause(assigned);
                    assigned.forEach(tp -> owned.add(tp.partition()));
                    log.info("standby pool: this instance builds for partitions {}", owned);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> lost) {
                    onPartitionsRevoked(lost);
                }
            });
            while (!closed) {
                member.poll(Duration.ofMillis(500));
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("standby pool: the owners' group member stopped", e);
        } finally {
            owned.clear();
            member.close();
        }
    }

    @Override
    public Position append(PoolRecord record) {
        return send(record.host(), record.key(), codec.encode(record));
    }

    @Override
    public CompletableFuture<Position> appendWithoutWaiting(PoolRecord record) {
        return sendAsync(record.host(), record.key(), codec.encode(record));
    }

    @Override
    public void forget(String host, String key) {
        send(host, key, null);
    }

    private Position send(String host, String key, byte[] value) {
        try {
            return sendAsync(host, key, value).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write to " + topic + ": " + e.getMessage(), e);
        }
    }

    /** The one way a record goes to the log: completes with its position once every in-sync replica has it. */
    private CompletableFuture<Position> sendAsync(String host, String key, byte[] value) {
        CompletableFuture<Position> sent = new CompletableFuture<>();
        try {
            producer.get().send(new ProducerRecord<>(topic, partitionOf(host), key, value), (metadata, error) -> {
                if (error != null) {
                    sent.completeExceptionally(error);
                } else {
                    sent.complete(new Position(metadata.partition(), metadata.offset()));
                }
            });
        } catch (RuntimeException e) {
            sent.completeExceptionally(e);
        }
        return sent;
    }

    @Override
    public boolean awaitApplied(Position position, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (applied) {
            while (applied.getOrDefault(position.partition(), 0L) <= position.offset()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(applied, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    @Override
    public boolean caughtUp() {
        synchronized (applied) {
            return !startEnd.isEmpty()
                    && startEnd.entrySet().stream().allMatch(e -> applied.getOrDefault(e.getKey(), 0L) >= e.getValue());
        }
    }

    @Override
    public boolean owns(String host) {
        return partitions > 0 && owned.contains(partitionOf(host));
    }

    private int partitionOf(String host) {
        return Utils.toPositive(Utils.murmur2(host.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @SuppressWarnings("unchecked")
    private Consumer<String, byte[]> consumer(String group, String clientId) {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        overrides.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        overrides.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        return (Consumer<String, byte[]>) consumers.createConsumer(group, clientId, null, overrides);
    }

    @Override
    public void close() {
        closed = true;
        if (follower != null) {
            follower.wakeup();
        }
        if (member != null) {
            member.wakeup();
        }
        join(following);
        join(membership);
    }

    private static void join(Thread thread) {
        if (thread == null) {
            return;
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
