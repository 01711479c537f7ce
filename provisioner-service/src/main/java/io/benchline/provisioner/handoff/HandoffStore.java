package io.benchline.provisioner.handoff;

import io.benchline.platform.kafka.store.AssignedPartitionsStore;
import io.benchline.platform.kafka.store.CompactedTopics;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * The hand-off's records on a compacted topic partitioned like the public topics (12, keyed by tenant): partition
 * {@code p} holds the records of the tenants of partition {@code p}. The login-key listener loads the partitions it
 * owns; the removal listener only writes (through the same store, so a loaded partition sees its removals).
 */
public final class HandoffStore implements AutoCloseable {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final AssignedPartitionsStore<HandoffRecord> records;

    public HandoffStore(CompactedTopics topics, String topic) {
        this.records = topics.assignedPartitions(topic, "provisioner-handoff", new HandoffRecordCodec(), READ_TIMEOUT);
    }

    public void load(Collection<Integer> partitions) {
        records.load(partitions);
    }

    public void forget(Collection<Integer> partitions) {
        records.forget(partitions);
    }

    Optional<HandoffRecord> find(String key) {
        return records.find(key);
    }

    /** Returns once the broker has it ({@code acks=all}). */
    void record(HandoffRecord record) {
        records.write(record.partition(), record.key(), record);
    }

    @Override
    public void close() {
        records.close();
    }
}
