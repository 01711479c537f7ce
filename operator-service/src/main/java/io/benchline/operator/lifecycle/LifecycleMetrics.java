package io.benchline.operator.lifecycle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;

/**
 * {@code benchline_tenants_lifecycle_events_total{type}}: the events the lifecycle emits, by simple class name
 * ({@code TenantActivated}, …, {@code SiteOperationRequested}).
 */
final class LifecycleMetrics {

    private final MeterRegistry registry;

    LifecycleMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void emitted(SpecificRecord event) {
        Counter.builder("benchline.tenants.lifecycle.events")
                .description("Events the tenant lifecycle emitted, by type")
                .tag("type", event.getClass().getSimpleName())
                .register(registry)
                .increment();
    }
}
