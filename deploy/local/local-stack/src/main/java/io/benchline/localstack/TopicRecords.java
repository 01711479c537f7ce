package io.benchline.localstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Records written to every topic during a run (public, internal, Streams changelogs and repartition topics, DLTs,
 * Kafka's own {@code __consumer_offsets} and {@code __transaction_state}), per signup. The end offsets before and
 * after count offsets, and a transaction's commit (or abort) marker takes an offset of each partition it wrote to;
 * so the records themselves are counted by reading the run's offsets back ({@code read_uncommitted}: aborted records
 * were written too; markers are never handed to a consumer). Where that reading is incomplete (a repartition topic
 * purged meanwhile, or the time limit), only the offsets are known. Kafka's own bookkeeping records read back are also
 * attributed to their writers ({@link BookkeepingWriters}: consumer group, transactional id).
 */
public final class TopicRecords {

    /** One topic over the run: offsets taken, and data records among them ({@code -1} if not read back). */
    record Row(String topic, long offsets, long records) {

        boolean recordsKnown() {
            return records >= 0;
        }
    }

    /** What reading the run's offsets back found: data records per partition, and who wrote the bookkeeping. */
    record ReadBack(Map<TopicPartition, Long> records, BookkeepingWriters writers) {}

    private TopicRecords() {}

    /**
     * The report of a run: records per topic per signup, then {@code __consumer_offsets} by consumer group and
     * {@code __transaction_state} by transactional id.
     */
    public static String report(
            Map<String, Object> clientConfig,
            Map<TopicPartition, Long> before,
            Map<TopicPartition, Long> after,
            Duration limit,
            int signups) {
        ReadBack read = readBack(clientConfig, before, after, limit);
        return report(rows(before, after, read.records()), signups)
                + read.writers().report(signups);
    }

    /** Every partition's end offset now (high watermark; Kafka's own internal topics included). */
    public static Map<TopicPartition, Long> endOffsets(Map<String, Object> adminConfig) {
        try (Admin admin = Admin.create(adminConfig)) {
            Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true))
                    .names()
                    .get();
            Map<String, TopicDescription> descriptions =
                    admin.describeTopics(topics).allTopicNames().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            descriptions
                    .values()
                    .forEach(d -> d.partitions()
                            .forEach(
                                    p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> offsets.put(tp, info.offset()));
            return offsets;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the topics' end offsets", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading end offsets", e);
        }
    }

    /**
     * Data records in each partition between the two snapshots, read back; partitions whose range could not be read
     * whole (purged, or not within {@code limit}) are missing from the result.
     */
    static ReadBack readBack(
            Map<String, Object> clientConfig,
            Map<TopicPartition, Long> before,
            Map<TopicPartition, Long> after,
            Duration limit) {
        Map<TopicPartition, Long> counts = new HashMap<>();
        BookkeepingWriters writers = new BookkeepingWriters();
        Set<TopicPartition> unread = read(clientConfig, before, after, tp -> true, limit, record -> {
            counts.merge(new TopicPartition(record.topic(), record.partition()), 1L, Long::sum);
            writers.add(record);
        });
        after.forEach((tp, end) -> {
            if (end > before.getOrDefault(tp, 0L) && !unread.contains(tp)) {
                counts.putIfAbsent(tp, 0L);
            }
        });
        unread.forEach(counts::remove);
        if (unread.stream().anyMatch(tp -> BookkeepingWriters.reads(tp.topic()))) {
            writers.markPartial();
        }
        return new ReadBack(counts, writers);
    }

    /**
     * Hands every record written to the chosen partitions between the two snapshots to {@code each}
     * ({@code read_uncommitted}: aborted records were written too; transaction markers are never handed over), and
     * returns the partitions whose range could not be read whole (purged meanwhile, or not within {@code limit}).
     */
    static Set<TopicPartition> read(
            Map<String, Object> clientConfig,
            Map<TopicPartition, Long> before,
            Map<TopicPartition, Long> after,
            Predicate<TopicPartition> chosen,
            Duration limit,
            Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Map<String, Object> config = new LinkedHashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<TopicPartition> written = after.keySet().stream()
                .filter(chosen)
                .filter(tp -> after.get(tp) > before.getOrDefault(tp, 0L))
                .toList();
        Set<TopicPartition> unread = new HashSet<>(written);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(written); // asked about unassigned partitions, the consumer warns once for each
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(written);
            List<TopicPartition> readable = written.stream()
                    .filter(tp -> beginning.getOrDefault(tp, Long.MAX_VALUE) <= before.getOrDefault(tp, 0L))
                    .toList();
            consumer.assign(readable);
            readable.forEach(tp -> consumer.seek(tp, before.getOrDefault(tp, 0L)));
            Map<TopicPartition, Long> pending = new HashMap<>();
            readable.forEach(tp -> pending.put(tp, after.get(tp)));
            long deadline = System.nanoTime() + limit.toNanos();
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < after.get(new TopicPartition(record.topic(), record.partition()))) {
                        each.accept(record);
                    }
                }
                pending.keySet().removeIf(tp -> consumer.position(tp) >= pending.get(tp));
            }
            unread.removeAll(readable);
            unread.addAll(pending.keySet());
        }
        return unread;
    }

    /** Per topic, the offsets and records of the run; topics nothing was written to are left out. */
    static List<Row> rows(
            Map<TopicPartition, Long> before, Map<TopicPartition, Long> after, Map<TopicPartition, Long> records) {
        Map<String, long[]> byTopic = new TreeMap<>();
        after.forEach((tp, end) -> {
            long offsets = end - before.getOrDefault(tp, 0L);
            if (offsets <= 0) {
                return;
            }
            long[] sums = byTopic.computeIfAbsent(tp.topic(), t -> new long[2]);
            sums[0] += offsets;
            Long read = records.get(tp);
            sums[1] = read == null || sums[1] < 0 ? -1 : sums[1] + read;
        });
        List<Row> rows = new ArrayList<>();
        byTopic.forEach((topic, sums) -> rows.add(new Row(topic, sums[0], sums[1])));
        rows.sort(Comparator.comparingLong(Row::offsets).reversed().thenComparing(Row::topic));
        return rows;
    }

    static String report(List<Row> rows, int signups) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                "records written per signup, by topic (%d completed signups; 'offsets' include transaction markers,"
                        + " 'records' do not; ? = not read back, offsets only)%n",
                signups));
        out.append(String.format(
                "%-58s %12s %12s %10s %10s%n", "topic", "records/su", "offsets/su", "records", "offsets"));
        long records = 0;
        long offsets = 0;
        boolean allKnown = true;
        for (Row row : rows) {
            out.append(String.format(
                    "%-58s %12s %12.1f %10s %10d%n",
                    row.topic(),
                    row.recordsKnown() ? String.format("%.1f", perSignup(row.records(), signups)) : "?",
                    perSignup(row.offsets(), signups),
                    row.recordsKnown() ? Long.toString(row.records()) : "?",
                    row.offsets()));
            offsets += row.offsets();
            if (row.recordsKnown()) {
                records += row.records();
            } else {
                allKnown = false;
            }
        }
        out.append(String.format(
                "%-58s %12s %12.1f %10s %10d%n",
                "all topics",
                String.format("%s%.1f", allKnown ? "" : ">=", perSignup(records, signups)),
                perSignup(offsets, signups),
                (allKnown ? "" : ">=") + records,
                offsets));
        return out.toString();
    }

    static double perSignup(long count, int signups) {
        return signups == 0 ? Double.NaN : (double) count / signups;
    }
}
