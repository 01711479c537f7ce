package io.benchline.localstack;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Who writes Kafka's own bookkeeping during a run: {@code __consumer_offsets} records by consumer group and
 * {@code __transaction_state} records by transactional id, its instance suffix cut off (a Streams application's
 * {@code <application id>-<process uuid>-<thread>} and a Spring Kafka prefix's {@code <prefix><n>} each become one
 * writer). The keys are read by the coordinators' own schemas (an int16 record type, then the group or transactional id
 * as an int16-length UTF-8 string: {@code OffsetCommitKey}, {@code GroupMetadataKey} and every newer group record key,
 * {@code TransactionLogKey}); a transaction's outcome is {@code TransactionLogValue}'s status byte. No broker class is
 * needed on the classpath.
 */
final class BookkeepingWriters {

    static final String CONSUMER_OFFSETS = "__consumer_offsets";
    static final String TRANSACTION_STATE = "__transaction_state";

    /** Record types 0 and 1 of {@code __consumer_offsets} are offset commits; 2 and up are group metadata. */
    private static final short LAST_OFFSET_COMMIT_TYPE = 1;

    /** {@code TransactionState} ids (Kafka's transaction coordinator). */
    private static final byte COMPLETE_COMMIT = 4;

    private static final byte COMPLETE_ABORT = 5;

    /** version int16, ProducerId int64, ProducerEpoch int16, TransactionTimeoutMs int32, then TransactionStatus int8. */
    private static final int STATUS_POSITION = 2 + 8 + 2 + 4;

    private static final Pattern STREAMS_INSTANCE =
            Pattern.compile("-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(-\\d+)?$");
    private static final Pattern NUMBERED_INSTANCE = Pattern.compile("\\d+$");

    /**
     * One consumer group's writes: offset commits (one record per partition committed), of which {@code unchanged}
     * named the same offset as the group's previous commit of that partition in the run, and everything else.
     */
    record Group(String group, long records, long offsetCommits, long unchanged, int partitions) {

        long other() {
            return records - offsetCommits;
        }
    }

    /** One transactional writer (all its instances): state records, transactions committed and aborted. */
    record Transactions(String writer, long records, long commits, long aborts, int ids) {}

    private final Map<String, long[]> groups = new HashMap<>();
    private final Map<String, Set<String>> partitionsByGroup = new HashMap<>();
    /** The last offset each group committed for each partition: {@code group topic-partition} → offset. */
    private final Map<String, Long> lastCommitted = new HashMap<>();

    private final Map<String, long[]> transactions = new HashMap<>();
    private final Map<String, Set<String>> idsByWriter = new HashMap<>();
    private boolean partial;

    static boolean reads(String topic) {
        return CONSUMER_OFFSETS.equals(topic) || TRANSACTION_STATE.equals(topic);
    }

    /** Some bookkeeping partition was not read back whole: the counts are lower bounds. */
    void markPartial() {
        partial = true;
    }

    /** Counts the record if it is one of Kafka's bookkeeping records it can read; any other record is ignored. */
    void add(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            return;
        }
        try {
            if (CONSUMER_OFFSETS.equals(record.topic())) {
                addGroupRecord(ByteBuffer.wrap(record.key()), record.value());
            } else if (TRANSACTION_STATE.equals(record.topic())) {
                addTransactionRecord(ByteBuffer.wrap(record.key()), record.value());
            }
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            // A key of a schema this reader does not know: counted in the topic's total, not attributed.
        }
    }

    private void addGroupRecord(ByteBuffer key, byte[] value) {
        short type = key.getShort();
        String group = string(key);
        long[] counts = groups.computeIfAbsent(group, g -> new long[3]);
        counts[0]++;
        if (type <= LAST_OFFSET_COMMIT_TYPE && value != null) { // null: an expired or deleted offset's tombstone
            counts[1]++;
            String partition = string(key) + "-" + key.getInt();
            partitionsByGroup.computeIfAbsent(group, g -> new HashSet<>()).add(partition);
            long offset = ByteBuffer.wrap(value).getLong(2); // OffsetCommitValue: version int16, then offset int64
            Long previous = lastCommitted.put(group + " " + partition, offset);
            if (previous != null && previous == offset) {
                counts[2]++;
            }
        }
    }

    private void addTransactionRecord(ByteBuffer key, byte[] value) {
        key.getShort(); // TransactionLogKey's only version, 0
        String transactionalId = string(key);
        String writer = writerOf(transactionalId);
        long[] counts = transactions.computeIfAbsent(writer, w -> new long[3]);
        counts[0]++;
        idsByWriter.computeIfAbsent(writer, w -> new HashSet<>()).add(transactionalId);
        if (value != null && value.length > STATUS_POSITION) {
            byte status = value[STATUS_POSITION];
            if (status == COMPLETE_COMMIT) {
                counts[1]++;
            } else if (status == COMPLETE_ABORT) {
                counts[2]++;
            }
        }
    }

    private static String string(ByteBuffer buffer) {
        short length = buffer.getShort();
        if (length < 0) {
            throw new IllegalArgumentException("null string");
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The transactional id without its instance: {@code signup.streams-<uuid>-1} is {@code signup.streams-…},
     * {@code user-service-host-3} is {@code user-service-host-…}; an id without such a suffix is itself.
     */
    static String writerOf(String transactionalId) {
        if (STREAMS_INSTANCE.matcher(transactionalId).find()) {
            return STREAMS_INSTANCE.matcher(transactionalId).replaceFirst("-…");
        }
        if (NUMBERED_INSTANCE.matcher(transactionalId).find()) {
            return NUMBERED_INSTANCE.matcher(transactionalId).replaceFirst("…");
        }
        return transactionalId;
    }

    /** The groups, most records first. */
    List<Group> groups() {
        List<Group> rows = new ArrayList<>();
        groups.forEach((group, counts) -> rows.add(new Group(
                group,
                counts[0],
                counts[1],
                counts[2],
                partitionsByGroup.getOrDefault(group, Set.of()).size())));
        rows.sort(Comparator.comparingLong(Group::records).reversed().thenComparing(Group::group));
        return rows;
    }

    /** The transactional writers, most records first. */
    List<Transactions> transactions() {
        List<Transactions> rows = new ArrayList<>();
        transactions.forEach((writer, counts) -> rows.add(new Transactions(
                writer, counts[0], counts[1], counts[2], idsByWriter.get(writer).size())));
        rows.sort(Comparator.comparingLong(Transactions::records).reversed().thenComparing(Transactions::writer));
        return rows;
    }

    String report(int signups) {
        StringBuilder out = new StringBuilder();
        if (partial) {
            out.append("(not every bookkeeping partition was read back whole: the counts below are lower bounds)%n"
                    .formatted());
        }
        List<Group> groupRows = groups();
        if (!groupRows.isEmpty()) {
            out.append(String.format(
                    "%s by consumer group (offsets: one record per partition an offset commit names; unchanged: of"
                            + " those, the same offset as the group's previous commit of the partition; other: group"
                            + " membership and tombstones; partitions: distinct partitions committed)%n",
                    CONSUMER_OFFSETS));
            out.append(String.format(
                    "  %-56s %12s %12s %12s %10s %10s %10s%n",
                    "group", "records/su", "offsets/su", "unchanged/su", "other/su", "records", "partitions"));
            groupRows.forEach(g -> out.append(String.format(
                    "  %-56s %12.1f %12.1f %12.1f %10.1f %10d %10d%n",
                    g.group(),
                    TopicRecords.perSignup(g.records(), signups),
                    TopicRecords.perSignup(g.offsetCommits(), signups),
                    TopicRecords.perSignup(g.unchanged(), signups),
                    TopicRecords.perSignup(g.other(), signups),
                    g.records(),
                    g.partitions())));
        }
        List<Transactions> transactionRows = transactions();
        if (!transactionRows.isEmpty()) {
            out.append(String.format(
                    "%s by transactional id, instance suffix cut (commits, aborts: transactions completed; ids:"
                            + " distinct transactional ids)%n",
                    TRANSACTION_STATE));
            out.append(String.format(
                    "  %-56s %12s %12s %10s %10s %10s%n",
                    "transactional id", "records/su", "commits/su", "aborts/su", "records", "ids"));
            transactionRows.forEach(t -> out.append(String.format(
                    "  %-56s %12.1f %12.1f %10.1f %10d %10d%n",
                    t.writer(),
                    TopicRecords.perSignup(t.records(), signups),
                    TopicRecords.perSignup(t.commits(), signups),
                    TopicRecords.perSignup(t.aborts(), signups),
                    t.records(),
                    t.ids())));
        }
        return out.toString();
    }
}
