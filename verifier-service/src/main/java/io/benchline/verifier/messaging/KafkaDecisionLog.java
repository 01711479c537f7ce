package io.benchline.verifier.messaging;

import io.benchline.verifier.system.VerifierProperties;
import io.benchline.verifier.verification.Decision;
import io.benchline.verifier.verification.DecisionLog;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * The decision log on the compacted topic {@code verifier.decisions}, keyed by tenantId. Each decision goes to
 * the same partition number as the SiteProvisioned it answers, so whoever owns input partition {@code p} restores
 * exactly decisions partition {@code p} when it is assigned.
 */
@Component
class KafkaDecisionLog implements DecisionLog, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(KafkaDecisionLog.class);
    private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);

    private final String topic;
    private final DecisionCodec codec = new DecisionCodec();
    private final DefaultKafkaProducerFactory<String, byte[]> producers;
    private final KafkaTemplate<String, byte[]> template;
    private final Map<String, Object> consumerConfig;

    KafkaDecisionLog(KafkaProperties kafka, VerifierProperties properties) {
        this.topic = properties.decisionsTopic();
        this.producers = new DefaultKafkaProducerFactory<>(
                kafka.buildProducerProperties(), new StringSerializer(), new ByteArraySerializer());
        this.template = new KafkaTemplate<>(producers);
        Map<String, Object> consumer = new HashMap<>(kafka.buildConsumerProperties());
        // A plain reader with assigned partitions: no group, no commits.
        consumer.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumerConfig = Map.copyOf(consumer);
    }

    @Override
    public CompletableFuture<Void> record(int partition, Decision decision) {
        return template.send(new ProducerRecord<>(
                        topic, partition, decision.tenantId().toString(), codec.encode(decision)))
                .thenApply(sent -> null);
    }

    /** The latest decision of every tenant in the given partitions, read from the start to the current end. */
    Map<Integer, List<Decision>> restore(Collection<Integer> partitions) {
        Map<Integer, List<Decision>> restored = new HashMap<>();
        if (partitions.isEmpty()) {
            return restored;
        }
        List<TopicPartition> assigned =
                partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
        Map<Integer, Map<String, Decision>> latest = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
            long giveUpAt = System.nanoTime() + RESTORE_TIMEOUT.toNanos();
            while (assigned.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > giveUpAt) {
                    throw new IllegalStateException("cannot read " + topic + " to its end within " + RESTORE_TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Map<String, Decision> byTenant =
                            latest.computeIfAbsent(record.partition(), p -> new LinkedHashMap<>());
                    if (record.value() == null) {
                        byTenant.remove(record.key());
                        continue;
                    }
                    try {
                        byTenant.put(record.key(), codec.decode(record.value()));
                    } catch (RuntimeException e) {
                        log.error(
                                "Skipping an unreadable decision at {}-{}@{}: {}",
                                record.topic(),
                                record.partition(),
                                record.offset(),
                                e.getClass().getSimpleName());
                    }
                }
            }
        }
        latest.forEach((partition, byTenant) -> restored.put(partition, List.copyOf(byTenant.values())));
        return restored;
    }

    @Override
    public void destroy() {
        producers.destroy();
    }
}
