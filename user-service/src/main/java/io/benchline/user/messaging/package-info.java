/**
 * Kafka at user-service's edges: the {@code KeysActive} listener, the terminal events and the {@code user.outcomes}
 * ledger written in one transaction with the consumed offset, and dead letters for records that cannot be handled.
 */
package io.benchline.user.messaging;
