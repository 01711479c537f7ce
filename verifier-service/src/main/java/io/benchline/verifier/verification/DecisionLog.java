package io.benchline.verifier.verification;

import java.util.concurrent.CompletableFuture;

/**
 * Durable record of the verifier's decisions, partitioned like {@code tenant.site-provisioned} so the instance
 * that owns a partition of the input owns the same partition of the decisions.
 */
public interface DecisionLog {

    /** Completes once the decision is durable. */
    CompletableFuture<Void> record(int partition, Decision decision);
}
