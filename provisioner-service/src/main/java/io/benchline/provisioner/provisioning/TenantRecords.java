package io.benchline.provisioner.provisioning;

import java.time.Clock;
import java.time.Duration;

/**
 * Where provisioning writes down what it did: the ledger, the events, the metrics, and the clock that dates them;
 * {@code kafkaWaits} paces a run's writes again while Kafka is unavailable.
 */
public record TenantRecords(
        Ledger ledger, ProvisioningEvents events, ProvisioningMetrics metrics, Clock clock, KafkaWaits kafkaWaits) {

    public TenantRecords(Ledger ledger, ProvisioningEvents events, ProvisioningMetrics metrics, Clock clock) {
        this(ledger, events, metrics, clock, KafkaWaits.DEFAULT);
    }

    /** The back-off between two tries of a write Kafka did not take: doubling from {@code initialDelay}. */
    public record KafkaWaits(Duration initialDelay, Duration maxDelay) {

        public static final KafkaWaits DEFAULT = new KafkaWaits(Duration.ofMillis(500), Duration.ofSeconds(5));
    }
}
