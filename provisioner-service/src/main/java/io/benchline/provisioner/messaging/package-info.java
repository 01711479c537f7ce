/**
 * The provisioner's Kafka side: the tenant.requested listener (accept, record, hand over, keep polling), the
 * compacted ledger topic, and pausing the listener while every slot is taken.
 */
package io.benchline.provisioner.messaging;
