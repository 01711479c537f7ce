package io.benchline.verifier.verification;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The verifier's Prometheus figures: time to activation (histogram), probes per site and outcomes, both by
 * outcome, redelivered events ignored, verifications resumed, and sites in flight. Tags are enum names only, never a site or tenant.
 */
final class VerificationMetrics {

    private final MeterRegistry registry;
    private final Timer activation;
    private final Counter duplicates;
    private final Counter resumed;

    VerificationMetrics(MeterRegistry registry, Supplier<Number> inFlight) {
        this.registry = registry;
        this.activation = Timer.builder("benchline.verifier.activation")
                .description("From taking a SiteProvisioned to the probe that proved its keys")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry);
        this.duplicates = Counter.builder("benchline.verifier.duplicates")
                .description("SiteProvisioned events ignored because the tenant was already taken")
                .register(registry);
        this.resumed = Counter.builder("benchline.verifier.resumed")
                .description("Verifications left PROBING by another instance or a restart, resumed here")
                .register(registry);
        // A strong reference: Micrometer holds gauge state weakly, and nothing else holds this supplier.
        Gauge.builder("benchline.verifier.in.flight", inFlight)
                .description("Sites being probed right now")
                .strongReference(true)
                .register(registry);
    }

    void activated(Duration elapsed) {
        activation.record(elapsed);
    }

    void decided(String outcome, int attempts) {
        Counter.builder("benchline.verifier.outcomes")
                .description("Verifications ended, by outcome (ACTIVE, a failure reason, or EXPIRED)")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
        if (attempts > 0) {
            DistributionSummary.builder("benchline.verifier.attempts")
                    .description("Probes sent per site, by outcome")
                    .tag("outcome", outcome)
                    .publishPercentileHistogram()
                    .maximumExpectedValue(64.0)
                    .register(registry)
                    .record(attempts);
        }
    }

    void duplicate() {
        duplicates.increment();
    }

    void resumed() {
        resumed.increment();
    }
}
