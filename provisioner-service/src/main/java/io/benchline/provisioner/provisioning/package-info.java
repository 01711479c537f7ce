/**
 * Provisioning of one tenant's site, step by step, resumable from its ledger entry; and the slot scheduler that
 * runs many tenants on the bench hosts' slots without blocking the Kafka consumer.
 */
package io.benchline.provisioner.provisioning;
