package io.benchline.localstack.chaos;

import io.benchline.events.ProvisioningFailed;
import io.benchline.events.SignupCompleted;
import io.benchline.schemas.AvroEventDeserializer;
import io.benchline.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
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
final class TerminalEvents implements AutoCloseable {

    private final KafkaConsumer<String, SpecificRecord> consumer;
    private final Map<String, List<String>> outcomes = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean closed;

    TerminalEvents(Map<String, Object> kafkaConfig) {
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
                    if (outcome != null) {
                        outcomes.computeIfAbsent(
                                        record.key(), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                                .add(outcome);
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

    /** Every terminal event seen for the tenant, in order (more than one is for the checker to judge). */
    List<String> outcomes(String tenantId) {
        List<String> seen = outcomes.get(tenantId);
        if (seen == null) {
            return List.of();
        }
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        reader.join(Duration.ofSeconds(10).toMillis());
    }
}
