/**
 * The verifier's Kafka side: the SiteProvisioned listener (with partition hand-over), the compacted
 * {@code verifier.decisions} topic that makes decisions survive restarts, and the outcome publisher.
 */
package io.benchline.verifier.messaging;
