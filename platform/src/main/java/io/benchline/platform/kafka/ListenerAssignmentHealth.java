package io.benchline.platform.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Readiness of a service that works off Kafka listeners ("kafkaListeners"): DOWN until every listener container
 * that starts with the service (or was started) runs and each of its consumers has joined its group and received an
 * assignment, possibly empty; the assignment callbacks that load a service's ledger run in the poll that follows.
 * A container that stopped (e.g. a fatal error) turns it DOWN again.
 */
public final class ListenerAssignmentHealth implements HealthIndicator {

    /** Kafka's coordinator metric: -1 until the consumer's first rebalance completed. */
    static final String LAST_REBALANCE = "last-rebalance-seconds-ago";

    private final KafkaListenerEndpointRegistry registry;

    public ListenerAssignmentHealth(KafkaListenerEndpointRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Health health() {
        List<String> waiting = new ArrayList<>();
        for (MessageListenerContainer container : registry.getAllListenerContainers()) {
            if (!container.isRunning() && !container.isAutoStartup()) {
                continue; // started on demand only; not part of being ready
            }
            String id = container.getListenerId();
            if (!container.isRunning()) {
                waiting.add(id + " (not running)");
            } else if (!joined(container.metrics())) {
                waiting.add(id + " (no assignment yet)");
            }
        }
        return waiting.isEmpty()
                ? Health.up().build()
                : Health.down().withDetail("waitingFor", waiting).build();
    }

    private static boolean joined(Map<String, Map<MetricName, ? extends Metric>> consumers) {
        if (consumers.isEmpty()) {
            return false;
        }
        return consumers.values().stream()
                .allMatch(metrics -> metrics.entrySet().stream()
                        .filter(e -> e.getKey().name().equals(LAST_REBALANCE))
                        .anyMatch(e -> e.getValue().metricValue() instanceof Number n && n.doubleValue() >= 0));
    }
}
