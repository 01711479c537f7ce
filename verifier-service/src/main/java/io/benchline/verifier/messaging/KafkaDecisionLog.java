package io.benchline.verifier.messaging;

import io.benchline.platform.kafka.store.AssignedPartitionsStore;
import io.benchline.platform.kafka.store.CompactedTopics;
import io.benchline.verifier.system.VerifierProperties;
import io.benchline.verifier.verification.Decision;
import io.benchline.verifier.verification.DecisionLog;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The decision log on the compacted topic {@code verifier.decisions}, keyed by tenantId. Each decision goes to
 * the same partition number as the SiteProvisioned it answers, so whoever owns input partition {@code p} restores
 * exactly decisions partition {@code p} when it is assigned.
 */
@Component
class KafkaDecisionLog implements DecisionLog, DisposableBean {

    private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);

    private final AssignedPartitionsStore<Decision> decisions;

    KafkaDecisionLog(CompactedTopics topics, VerifierProperties properties) {
        this.decisions = topics.assignedPartitions(
                properties.decisionsTopic(), "verifier-decisions", new DecisionCodec(), RESTORE_TIMEOUT);
    }

    @Override
    public CompletableFuture<Void> record(int partition, Decision decision) {
        return decisions.writeAsync(partition, decision.tenantId().toString(), decision);
    }

    /**
     * The latest decision of every tenant in the given partitions, read from the start to the current end. Read, not
     * kept: the verifier adopts them and never looks a decision up.
     */
    Map<Integer, List<Decision>> restore(Collection<Integer> partitions) {
        Map<Integer, List<Decision>> restored = new HashMap<>();
        decisions.read(partitions).forEach((partition, byTenant) -> {
            if (!byTenant.isEmpty()) {
                restored.put(partition, List.copyOf(byTenant.values()));
            }
        });
        return restored;
    }

    @Override
    public void destroy() {
        decisions.close();
    }
}
