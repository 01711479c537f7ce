package io.benchline.provisioner.operations;

import io.benchline.platform.kafka.store.AssignedPartitionsStore;
import io.benchline.platform.kafka.store.CompactedTopics;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

/**
 * The site operations' records on a compacted topic partitioned like the request topic (12): a record is written to
 * its request's partition, so the member that owns a request partition loads exactly the answers it may redeliver.
 */
public final class OperationStore implements AutoCloseable {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final AssignedPartitionsStore<OperationRecord> records;

    public OperationStore(CompactedTopics topics, String topic) {
        this.records = topics.assignedPartitions(
                topic, "provisioner-site-operations", new OperationRecordCodec(), READ_TIMEOUT);
    }

    public void load(Collection<Integer> partitions) {
        records.load(partitions);
    }

    public void forget(Collection<Integer> partitions) {
        records.forget(partitions);
    }

    Optional<OperationRecord> find(UUID operationId) {
        return records.find(operationId.toString());
    }

    /** Returns once the broker has it ({@code acks=all}). */
    void record(OperationRecord record) {
        records.write(record.partition(), record.key(), record);
    }

    @Override
    public void close() {
        records.close();
    }
}
