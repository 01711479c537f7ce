package io.benchline.localstack.chaos;

import io.benchline.localstack.TopicRecords;
import io.benchline.schemas.AvroEventDeserializer;
import io.benchline.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the whole cluster once, bounded in time: the end offsets are taken first (so records written while it reads
 * are not waited for), then every partition of every topic (Kafka's internal ones too) is read from its start as raw
 * bytes with {@code read_uncommitted} (aborted records were written as well: they are scanned for secrets), and the
 * catalogue's topics and every {@code *-dlt} topic again with {@code read_committed}, which is what consumers act on
 * (events are decoded there). A partition whose committed read cannot reach the end snapshot within the limit is held
 * back by an open transaction; it is reported, not waited for.
 */
final class KafkaReading {

    /** One committed, decoded event on a catalogue topic. */
    record TenantEvent(String topic, int partition, long offset, Instant timestamp, String key, SpecificRecord event) {

        String where() {
            return topic + "[" + partition + "]@" + offset;
        }
    }

    /** One committed record of a dead-letter topic. */
    record DeadLetter(String topic, int partition, long offset, String key, Map<String, String> headers) {

        String where() {
            return topic + "[" + partition + "]@" + offset;
        }
    }

    /**
     * @param recordKeys every record key seen (as UTF-8 text) and every {@code ce_subject}: who the system has any
     *     record of
     * @param signupStatusKeys the tenants signup-service holds a status for ({@value #SIGNUP_STATUS}, committed)
     * @param secretHits one line per record (or per topic and secret) that holds a secret in plain text
     * @param heldBack partitions whose committed records could not all be read (open transaction), one line each
     * @param unreadable catalogue records that do not decode (poison records), one line each
     * @param incomplete partitions whose raw read did not finish within the limit, one line each
     */
    record Snapshot(
            List<TenantEvent> events,
            List<DeadLetter> deadLetters,
            Set<String> recordKeys,
            Set<String> signupStatusKeys,
            long rawRecords,
            int partitions,
            List<String> secretHits,
            List<String> heldBack,
            List<String> unreadable,
            List<String> incomplete) {}

    private static final String DEAD_LETTER_SUFFIX = "-dlt";
    /** signup-service's compacted "latest status of each signup", keyed by tenantId: every signup it accepted. */
    static final String SIGNUP_STATUS = "signup.streams-signup-status-changelog";

    private static final String SUBJECT_HEADER = "ce_subject";

    private final Map<String, Object> clientConfig;
    private final Duration limit;

    KafkaReading(Map<String, Object> clientConfig, Duration limit) {
        this.clientConfig = clientConfig;
        this.limit = limit;
    }

    Snapshot read(SecretNeedles needles) {
        Map<TopicPartition, Long> ends = TopicRecords.endOffsets(clientConfig);
        Set<String> keys = new HashSet<>();
        List<String> secretHits = new ArrayList<>();
        List<String> incomplete = new ArrayList<>();
        long raw = readRaw(ends, needles, keys, secretHits, incomplete);
        List<TopicPartition> committedPartitions = ends.keySet().stream()
                .filter(tp -> Topic.byName(tp.topic()).isPresent()
                        || tp.topic().endsWith(DEAD_LETTER_SUFFIX)
                        || tp.topic().equals(SIGNUP_STATUS))
                .toList();
        List<TenantEvent> events = new ArrayList<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        List<String> heldBack = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        Set<String> statusKeys = new HashSet<>();
        long deadline = System.nanoTime() + limit.toNanos();
        readCommitted(ends, committedPartitions, events, deadLetters, statusKeys, heldBack, unreadable);
        heldBack.addAll(openTransactions(ends, deadline, heldBack));
        return new Snapshot(
                events, deadLetters, keys, statusKeys, raw, ends.size(), secretHits, heldBack, unreadable, incomplete);
    }

    /**
     * Partitions of any topic (beyond those read committed) whose last stable offset stays below the end snapshot
     * until the deadline: a transaction that was open when the check began is still open.
     */
    private List<String> openTransactions(Map<TopicPartition, Long> ends, long deadline, List<String> known) {
        try (Admin admin = Admin.create(clientConfig)) {
            Map<TopicPartition, Long> stable = Map.of();
            while (true) {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                ends.forEach((tp, end) -> {
                    if (end > 0 && known.stream().noneMatch(line -> line.startsWith(tp + ":"))) {
                        latest.put(tp, OffsetSpec.latest());
                    }
                });
                Map<TopicPartition, Long> offsets = new HashMap<>();
                admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                        .all()
                        .get()
                        .forEach((tp, info) -> offsets.put(tp, info.offset()));
                stable = offsets;
                boolean behind = offsets.entrySet().stream().anyMatch(e -> e.getValue() < ends.get(e.getKey()));
                if (!behind || System.nanoTime() >= deadline) {
                    break;
                }
                Thread.sleep(200); // polling the broker's state; nothing to wait on but time
            }
            List<String> lines = new ArrayList<>();
            stable.forEach((tp, lso) -> {
                if (lso < ends.get(tp)) {
                    lines.add(tp + ": committed records readable only up to offset " + lso + " of " + ends.get(tp)
                            + " after " + limit + " (a transaction left open)");
                }
            });
            lines.sort(null);
            return lines;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the topics' stable offsets", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading stable offsets", e);
        }
    }

    private long readRaw(
            Map<TopicPartition, Long> ends,
            SecretNeedles needles,
            Set<String> keys,
            List<String> secretHits,
            List<String> incomplete) {
        long[] count = {0};
        Set<String> reported = new HashSet<>();
        Set<TopicPartition> unfinished = read(ends, ends.keySet(), "read_uncommitted", record -> {
            count[0]++;
            String key = text(record.key());
            if (key != null) {
                keys.add(key);
            }
            Header subject = record.headers().lastHeader(SUBJECT_HEADER);
            if (subject != null && subject.value() != null) {
                keys.add(text(subject.value()));
            }
            List<String> found = new ArrayList<>();
            needles.find(record.key()).forEach(l -> found.add(l + " in the key"));
            needles.find(record.value()).forEach(l -> found.add(l + " in the value"));
            for (Header header : record.headers()) {
                needles.find(header.value()).forEach(l -> found.add(l + " in header " + header.key()));
            }
            for (String hit : found) {
                // One line per secret and topic: a leak on every record of a topic is one finding, not thousands.
                if (reported.add(record.topic() + " " + hit)) {
                    secretHits.add(hit + " of " + record.topic() + "[" + record.partition() + "]@" + record.offset());
                }
            }
        });
        unfinished.forEach(tp -> incomplete.add(tp + " not read to its end (" + ends.get(tp) + ") within " + limit));
        return count[0];
    }

    private void readCommitted(
            Map<TopicPartition, Long> ends,
            Collection<TopicPartition> partitions,
            List<TenantEvent> events,
            List<DeadLetter> deadLetters,
            Set<String> statusKeys,
            List<String> heldBack,
            List<String> unreadable) {
        AvroEventDeserializer decoder = new AvroEventDeserializer();
        Map<TopicPartition, Long> reached = new HashMap<>();
        Set<TopicPartition> unfinished = read(ends, partitions, "read_committed", record -> {
            reached.put(new TopicPartition(record.topic(), record.partition()), record.offset());
            if (record.topic().endsWith(DEAD_LETTER_SUFFIX)) {
                Map<String, String> headers = new LinkedHashMap<>();
                for (Header h : record.headers()) {
                    headers.put(h.key(), h.value() == null ? "" : text(h.value()));
                }
                deadLetters.add(new DeadLetter(
                        record.topic(), record.partition(), record.offset(), text(record.key()), headers));
                return;
            }
            if (record.value() == null) {
                return;
            }
            if (record.topic().equals(SIGNUP_STATUS)) {
                if (record.key() != null) {
                    statusKeys.add(text(record.key()));
                }
                return;
            }
            try {
                SpecificRecord event = decoder.deserialize(record.topic(), record.value());
                events.add(new TenantEvent(
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        Instant.ofEpochMilli(record.timestamp()),
                        text(record.key()),
                        event));
            } catch (RuntimeException e) {
                unreadable.add(record.topic() + "[" + record.partition() + "]@" + record.offset() + ": "
                        + e.getClass().getSimpleName());
            }
        });
        unfinished.forEach(tp -> heldBack.add(tp + ": committed records readable only up to offset "
                + (reached.containsKey(tp) ? reached.get(tp) + 1 : "?") + " of " + ends.get(tp)
                + " after " + limit + " (a transaction left open)"));
    }

    interface RecordSink {
        void accept(ConsumerRecord<byte[], byte[]> record);
    }

    /** Reads the partitions from their start to their end snapshot; returns those not finished within the limit. */
    private Set<TopicPartition> read(
            Map<TopicPartition, Long> ends, Collection<TopicPartition> partitions, String isolation, RecordSink sink) {
        Map<String, Object> config = new LinkedHashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "chaos-invariant-checker");
        List<TopicPartition> wanted =
                partitions.stream().filter(tp -> ends.getOrDefault(tp, 0L) > 0).toList();
        Set<TopicPartition> pending = new HashSet<>(wanted);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(wanted);
            consumer.seekToBeginning(wanted);
            long deadline = System.nanoTime() + limit.toNanos();
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < ends.get(tp)) {
                        sink.accept(record);
                    }
                }
                List<TopicPartition> done = pending.stream()
                        .filter(tp -> consumer.position(tp) >= ends.get(tp))
                        .toList();
                consumer.pause(done); // what came after the snapshot is not waited for
                done.forEach(pending::remove);
            }
        }
        return pending;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
