/**
 * The provisioner's Kafka side: the tenant.requested listener (accept, record, hand over, keep polling), the
 * compacted ledger topic, pausing the listener while every slot is taken, and the signup-completed and
 * provisioning-failed listeners that have a settled tenant's credentials revoked.
 */
package io.benchline.provisioner.messaging;
