package io.benchline.provisioner.provisioning;

/**
 * Kafka did not take a write of the run (a ledger entry, an outcome event) before the signup's deadline. Never a
 * step's failure: the step's work is idempotent by the ledger, so while the deadline allows the run waits and writes
 * again; after it, signup-service's TIMEOUT ends the signup and the run emits nothing more.
 */
final class KafkaUnavailable extends RuntimeException {

    KafkaUnavailable(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
