/**
 * signup-service on Kafka: a Kafka Streams application (exactly-once) that owns the subdomain claims and each
 * signup's status and deadline, the {@code CommandChannel} that sends claims and tenant commands
 * and awaits their decisions, and the per-instance views (global stores) that let any instance answer for any tenant.
 */
package io.benchline.signup.messaging;
