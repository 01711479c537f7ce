package io.benchline.provisioner.messaging;

import io.benchline.platform.kafka.store.AssignedPartitionsStore;
import io.benchline.platform.kafka.store.CompactedTopics;
import io.benchline.provisioner.provisioning.Ledger;
import io.benchline.provisioner.provisioning.LedgerEntry;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger on a compacted topic keyed by tenantId, one writer per partition: partition {@code p} of the ledger
 * holds the tenants of partition {@code p} of tenant.requested, so whoever owns a request partition reads exactly
 * its tenants back. An in-memory view of the owned partitions answers lookups (a write shows there once the broker
 * acknowledged it); every write is acknowledged by the broker ({@code acks=all}) before {@link #record} returns.
 */
public final class KafkaLedger implements Ledger, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaLedger.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final AssignedPartitionsStore<LedgerEntry> entries;

    public KafkaLedger(CompactedTopics topics, String topic) {
        this.entries = topics.assignedPartitions(topic, "provisioner-ledger", new LedgerCodec(), READ_TIMEOUT);
    }

    @Override
    public Optional<LedgerEntry> find(UUID tenantId) {
        return entries.find(tenantId.toString());
    }

    @Override
    public Optional<LedgerEntry> latest(UUID tenantId, int partition) {
        Optional<LedgerEntry> owned = find(tenantId);
        if (owned.isPresent()) {
            return owned;
        }
        return Optional.ofNullable(entries.read(List.of(partition))
                .getOrDefault(partition, Map.of())
                .get(tenantId.toString()));
    }

    @Override
    public void record(LedgerEntry entry) {
        entries.write(entry.partition(), entry.tenantId().toString(), entry);
    }

    /** Writes the entry; the future completes once every in-sync replica has it (and the view shows it). */
    CompletableFuture<Void> recordAsync(LedgerEntry entry) {
        return entries.writeAsync(entry.partition(), entry.tenantId().toString(), entry);
    }

    @Override
    public void recordWithoutWaiting(LedgerEntry entry) {
        entries.writeAsync(entry.partition(), entry.tenantId().toString(), entry)
                .whenComplete((done, error) -> {
                    if (error != null) {
                        // The run's next waited write carries the whole entry again.
                        log.warn("tenant {}: an unwaited ledger write failed: {}", entry.tenantId(), error.toString());
                    }
                });
    }

    /** Reads the given partitions from the start to their current end and returns their latest entries. */
    public List<LedgerEntry> load(Collection<Integer> partitions) {
        return entries.load(partitions).values().stream()
                .flatMap(byTenant -> byTenant.values().stream())
                .toList();
    }

    /** Drops the view of partitions another instance now owns; reloaded if they come back. */
    public void forget(Collection<Integer> partitions) {
        entries.forget(partitions);
    }

    @Override
    public void close() {
        entries.close();
    }
}
