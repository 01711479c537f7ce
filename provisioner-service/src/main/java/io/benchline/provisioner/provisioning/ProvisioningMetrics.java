package io.benchline.provisioner.provisioning;

import io.benchline.events.FailureReason;
import io.benchline.events.ProvisioningStep;
import io.benchline.provisioner.hosts.BenchHost;
import io.benchline.provisioner.hosts.BenchHostPool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Provisioner meters: {@code provisioner.step} (timer, tags step/host/outcome, buckets up to 30 min),
 * {@code provisioner.in.flight}, {@code provisioner.waiting}, {@code provisioner.slots.busy} and
 * {@code provisioner.slots} per host, {@code provisioner.intake.paused}, {@code provisioner.failures} by reason, {@code provisioner.credentials.revoked}
 * by how the tenant settled.
 */
public final class ProvisioningMetrics {

    private static final Duration[] BUCKETS = {
        Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30),
        Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(5),
        Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(20), Duration.ofMinutes(30)
    };

    private final MeterRegistry registry;

    public ProvisioningMetrics(MeterRegistry registry, BenchHostPool pool) {
        this.registry = registry;
        for (BenchHost host : pool.hosts()) {
            Gauge.builder("provisioner.slots.busy", pool, p -> p.busySlots(host.id()))
                    .description("Slots of the bench host running a provisioning now")
                    .tag("host", host.id())
                    .register(registry);
            Gauge.builder("provisioner.slots", host, BenchHost::slots)
                    .description("Configured slots of the bench host")
                    .tag("host", host.id())
                    .register(registry);
        }
    }

    void watch(Supplier<Number> inFlight, Supplier<Number> waiting, Supplier<Boolean> paused) {
        Gauge.builder("provisioner.in.flight", inFlight, s -> s.get().doubleValue())
                .description("Provisionings running on a slot now")
                .strongReference(true)
                .register(registry);
        Gauge.builder("provisioner.waiting", waiting, s -> s.get().doubleValue())
                .description("Accepted provisionings waiting for a slot")
                .strongReference(true)
                .register(registry);
        Gauge.builder("provisioner.intake.paused", paused, s -> s.get() ? 1 : 0)
                .description("1 while the tenant.requested listener is paused because every slot is taken")
                .strongReference(true)
                .register(registry);
    }

    Timer.Sample start() {
        return Timer.start(registry);
    }

    void stepEnded(Timer.Sample sample, ProvisioningStep step, String hostId, String outcome) {
        sample.stop(Timer.builder("provisioner.step")
                .description("Duration of one provisioning step on a bench host")
                .tag("step", step.name())
                .tag("host", hostId == null ? "none" : hostId)
                .tag("outcome", outcome)
                .serviceLevelObjectives(BUCKETS)
                .maximumExpectedValue(Duration.ofMinutes(30))
                .register(registry));
    }

    /** {@code provisioner.credentials.revoked}: API secrets revoked on a settled tenant's site, by why it settled. */
    void credentialsRevoked(String settled) {
        Counter.builder("provisioner.credentials.revoked")
                .description("Administrator API secrets revoked on the site once its tenant was settled")
                .tag("settled", settled)
                .register(registry)
                .increment();
    }

    void failed(FailureReason reason) {
        Counter.builder("provisioner.failures")
                .description("Provisionings that ended in ProvisioningFailed")
                .tag("reason", reason.name())
                .register(registry)
                .increment();
    }
}
