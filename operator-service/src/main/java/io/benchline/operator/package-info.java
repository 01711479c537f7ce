/**
 * operator-service: the operator API under {@code /ops} ({@code api}, {@code security}, {@code view}), the owner of
 * the tenant lifecycle ({@code lifecycle}: a Kafka Streams application that turns pipeline events, operator commands
 * and the provisioner's site-operation reports into {@code tenant.lifecycle} events), and the signup canary
 * ({@code canary}). The snapshot of one tenant that the lifecycle writes and the API reads is {@code tenant}.
 */
package io.benchline.operator;
