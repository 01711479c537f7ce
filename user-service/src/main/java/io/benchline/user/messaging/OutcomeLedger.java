package io.benchline.user.messaging;

import io.benchline.user.onboarding.RecordedOutcome;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.json.JsonMapper;

/**
 * user-service's memory of which tenants already have an outcome: the compacted topic {@value #TOPIC} (key
 * tenantId, value a JSON {@link RecordedOutcome}), read from the beginning on start and followed from then on by
 * one thread (read_committed, so aborted transactions never count). Starts before the listener containers and
 * holds them back until it has read everything; {@link #find} first catches up with what is committed, so an
 * outcome committed on any instance is seen, also right after a rebalance.
 */
class OutcomeLedger implements SmartLifecycle {

    static final String TOPIC = "user.outcomes";

    private static final Logger log = LoggerFactory.getLogger(OutcomeLedger.class);

    private final String bootstrapServers;
    private final JsonMapper json;
    private final Duration catchUpTimeout;
    private final Map<UUID, RecordedOutcome> outcomes = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final Object progress = new Object();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Admin admin;
    private volatile List<TopicPartition> partitions = List.of();
    private volatile Thread reader;
    private volatile boolean running;

    OutcomeLedger(String bootstrapServers, JsonMapper json, Duration catchUpTimeout) {
        this.bootstrapServers = bootstrapServers;
        this.json = json;
        this.catchUpTimeout = catchUpTimeout;
    }

    Optional<RecordedOutcome> find(UUID tenantId) {
        awaitCommitted();
        return Optional.ofNullable(outcomes.get(tenantId));
    }

    byte[] serialize(RecordedOutcome outcome) {
        return json.writeValueAsBytes(outcome);
    }

    /** Waits until the reader has passed every outcome committed so far (the read_committed end offsets). */
    void awaitCommitted() {
        Map<TopicPartition, Long> ends = committedEnds();
        long deadline = System.nanoTime() + catchUpTimeout.toNanos();
        synchronized (progress) {
            while (!ends.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !running) {
                    throw new IllegalStateException(
                            "the " + TOPIC + " ledger did not catch up within " + catchUpTimeout);
                }
                try {
                    progress.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reading " + TOPIC, e);
                }
            }
        }
    }

    @Override
    public void start() {
        admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "user-outcomes-admin"));
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ConsumerConfig.CLIENT_ID_CONFIG, "user-outcomes-reader",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        partitions = awaitPartitions();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        running = true;
        reader = new Thread(this::follow, "user-outcomes-reader");
        reader.setDaemon(true);
        reader.start();
        awaitCommitted();
        log.info("Read {} recorded outcomes from {}", outcomes.size(), TOPIC);
    }

    /**
     * On a fresh cluster the topic is created by this very start-up (KafkaAdmin) and its metadata reaches the
     * consumer a moment later; an empty answer means "not yet", never "no partitions".
     */
    private List<TopicPartition> awaitPartitions() {
        long deadline = System.nanoTime() + catchUpTimeout.toNanos();
        while (true) {
            List<TopicPartition> found = consumer.partitionsFor(TOPIC, catchUpTimeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            if (!found.isEmpty()) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(TOPIC + " has no partitions after " + catchUpTimeout);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100); // then ask for fresh metadata again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + TOPIC, e);
            }
        }
    }

    private void follow() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    remember(record);
                }
                synchronized (progress) {
                    for (TopicPartition tp : partitions) {
                        positions.put(tp, consumer.position(tp));
                    }
                    progress.notifyAll();
                }
            }
        } catch (WakeupException e) {
            // stop() woke us up.
        } catch (RuntimeException e) {
            log.error("Stopped reading {}; duplicates can no longer be recognised", TOPIC, e);
            running = false;
        } finally {
            consumer.close();
        }
    }

    private void remember(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            outcomes.remove(UUID.fromString(record.key()));
            return;
        }
        try {
            RecordedOutcome outcome = json.readValue(record.value(), RecordedOutcome.class);
            outcomes.put(outcome.tenantId(), outcome);
        } catch (RuntimeException e) {
            log.warn("Skipping unreadable entry at {}-{}@{}", record.topic(), record.partition(), record.offset());
        }
    }

    private Map<TopicPartition, Long> committedEnds() {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        try {
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get(catchUpTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking for the end of " + TOPIC, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the end offsets of " + TOPIC, e);
        }
    }

    @Override
    public void stop() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (reader != null) {
            try {
                reader.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the listener containers (phase {@code Integer.MAX_VALUE - 100}), so they never see an empty ledger. */
    @Override
    public int getPhase() {
        return 0;
    }
}
