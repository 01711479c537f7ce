package io.benchline.provisioner.messaging;

import io.benchline.provisioner.provisioning.Ledger;
import io.benchline.provisioner.provisioning.LedgerEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger on a compacted topic keyed by tenantId, one writer per partition: partition {@code p} of the ledger
 * holds the tenants of partition {@code p} of tenant.requested, so whoever owns a request partition reads exactly
 * its tenants back. An in-memory view of the owned partitions answers lookups; every write is acknowledged by the
 * broker ({@code acks=all}) before {@link #record} returns.
 */
public final class KafkaLedger implements Ledger, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaLedger.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final String topic;
    private final Map<String, Object> clientConfig;
    private final Producer<String, String> producer;
    private final LedgerCodec codec = new LedgerCodec();
    private final Map<UUID, LedgerEntry> entries = new ConcurrentHashMap<>();

    public KafkaLedger(String topic, Map<String, Object> producerConfig, Map<String, Object> consumerConfig) {
        this.topic = topic;
        Map<String, Object> producerSettings = new HashMap<>(producerConfig);
        producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
        producerSettings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerSettings.put(ProducerConfig.CLIENT_ID_CONFIG, "provisioner-ledger-writer");
        producerSettings.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        this.producer = new KafkaProducer<>(producerSettings, new StringSerializer(), new StringSerializer());
        this.clientConfig = new HashMap<>(consumerConfig);
    }

    @Override
    public Optional<LedgerEntry> find(UUID tenantId) {
        return Optional.ofNullable(entries.get(tenantId));
    }

    @Override
    public void record(LedgerEntry entry) {
        try {
            producer.send(new ProducerRecord<>(
                            topic, entry.partition(), entry.tenantId().toString(), codec.encode(entry)))
                    .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording tenant " + entry.tenantId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot record tenant " + entry.tenantId() + " in " + topic, e);
        }
        entries.put(entry.tenantId(), entry);
    }

    /** Reads the given partitions from the start to their current end and returns their latest entries. */
    public List<LedgerEntry> load(Collection<Integer> partitions) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "provisioner-ledger-reader");
        List<TopicPartition> assigned =
                partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
        Map<UUID, LedgerEntry> latest = new HashMap<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (assigned.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + topic + " to its end within " + READ_TIMEOUT);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    UUID tenantId = UUID.fromString(record.key());
                    if (record.value() == null) {
                        latest.remove(tenantId);
                    } else {
                        try {
                            latest.put(tenantId, codec.decode(record.value()));
                        } catch (RuntimeException e) {
                            log.error(
                                    "unreadable ledger record for tenant {} at {}-{}@{}",
                                    tenantId,
                                    record.topic(),
                                    record.partition(),
                                    record.offset());
                        }
                    }
                }
            }
        }
        entries.putAll(latest);
        return new ArrayList<>(latest.values());
    }

    /** Drops the view of partitions another instance now owns; reloaded if they come back. */
    public void forget(Collection<Integer> partitions) {
        entries.values().removeIf(e -> partitions.contains(e.partition()));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
