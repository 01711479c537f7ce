package io.benchline.localstack.chaos;

import io.benchline.events.ProvisioningFailed;
import io.benchline.events.SignupCompleted;
import io.benchline.schemas.AvroEventDeserializer;
import io.benchline.schemas.Topic;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the two terminal topics ({@code SignupCompleted}, {@code ProvisioningFailed}) from their beginning,
 * read_committed, on a thread of its own (it rides out a broker restart like any client): the driver's view of which
 * signups have ended and how, to know when the run has settled and to print outcomes by reason. The checker reads the
 * topics itself.
 */
final class TerminalEventsFollower implements AutoCloseable {

    private final KafkaConsumer<String, SpecificRecord> consumer;
    /** Per tenant, its terminal events by topic, partition and offset. */
    private final Map<String, Map<String, Seen>> outcomes = new ConcurrentHashMap<>();

    private final Thread reader;
    private volatile boolean closed;

    TerminalEventsFollower(Map<String, Object> kafkaConfig) {
        Map<String, Object> config = new LinkedHashMap<>(kafkaConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "chaos-campaign-" + System.nanoTime());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new AvroEventDeserializer());
        consumer.subscribe(List.of(Topic.SIGNUP_COMPLETED.topicName(), Topic.PROVISIONING_FAILED.topicName()));
        reader = new Thread(this::read, "chaos-terminal-events");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            while (!closed) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    String outcome = outcome(record.value());
                    // Nothing is committed, so a rebalance (e.g. after a broker restart) reads a partition again
                    // from its start: each record counts once, by its offset.
                    String offset = record.topic() + "-" + record.partition() + "@" + record.offset();
                    if (outcome != null) {
                        outcomes.computeIfAbsent(record.key(), k -> new ConcurrentHashMap<>())
                                .putIfAbsent(offset, new Seen(record.timestamp(), offset, outcome));
                    }
                });
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    /** {@code completed}, or {@code failed <STAGE>/<REASON>}. */
    private static String outcome(SpecificRecord event) {
        if (event instanceof SignupCompleted) {
            return "completed";
        }
        if (event instanceof ProvisioningFailed failed) {
            return "failed " + failed.getStage() + "/" + failed.getReason();
        }
        return null;
    }

    boolean ended(String tenantId) {
        return outcomes.containsKey(tenantId);
    }

    /** Every terminal event seen for the tenant, by time (more than one is for the checker to judge). */
    List<String> outcomes(String tenantId) {
        Map<String, Seen> seen = outcomes.getOrDefault(tenantId, Map.of());
        return seen.values().stream()
                .sorted(java.util.Comparator.comparingLong(Seen::timestamp).thenComparing(Seen::offset))
                .map(Seen::outcome)
                .toList();
    }

    private record Seen(long timestamp, String offset, String outcome) {}

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        reader.join(Duration.ofSeconds(10).toMillis());
    }
}
