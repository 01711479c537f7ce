package io.benchline.provisioner.provisioning;

import java.util.Optional;
import java.util.UUID;

/** The durable record of each tenant's provisioning, for the partitions this instance owns. */
public interface Ledger {

    Optional<LedgerEntry> find(UUID tenantId);

    /**
     * The latest entry of a tenant whose request was on {@code partition}, whoever owns that partition: from memory
     * when this instance owns it, else read from the topic.
     */
    Optional<LedgerEntry> latest(UUID tenantId, int partition);

    /** Returns once the entry is durable; a crash after this call never loses it. */
    void record(LedgerEntry entry);

    /**
     * Writes the entry without waiting for it: it lands after every earlier write of the tenant and before every later
     * one (one producer, one partition, in order), so the next {@link #record} of the tenant makes it durable too. Only
     * for an entry whose loss in a crash a resumed run recovers from (it redoes idempotent work); a failure is logged.
     */
    void recordWithoutWaiting(LedgerEntry entry);
}
