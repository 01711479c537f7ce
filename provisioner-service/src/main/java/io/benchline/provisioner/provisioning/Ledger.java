package io.benchline.provisioner.provisioning;

import java.util.Optional;
import java.util.UUID;

/** The durable record of each tenant's provisioning, for the partitions this instance owns. */
public interface Ledger {

    Optional<LedgerEntry> find(UUID tenantId);

    /** Returns once the entry is durable; a crash after this call never loses it. */
    void record(LedgerEntry entry);
}
