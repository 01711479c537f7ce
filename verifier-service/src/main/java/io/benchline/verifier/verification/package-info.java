/**
 * The verifier's policy for each tenant: one verification per tenant however often its SiteProvisioned arrives,
 * opened credentials, the deadline, the outcome event, the decision record that makes restarts resume, and the
 * metrics. Kafka stays behind the {@link io.benchline.verifier.verification.DecisionLog} and
 * {@link io.benchline.verifier.verification.OutcomePublisher} ports.
 */
package io.benchline.verifier.verification;
