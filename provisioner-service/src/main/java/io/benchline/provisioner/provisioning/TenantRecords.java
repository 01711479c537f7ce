package io.benchline.provisioner.provisioning;

import java.time.Clock;

/** Where provisioning writes down what it did: the ledger, the events, the metrics, and the clock that dates them. */
public record TenantRecords(Ledger ledger, ProvisioningEvents events, ProvisioningMetrics metrics, Clock clock) {}
