package io.benchline.provisioner.pool;

import io.benchline.provisioner.hosts.BenchHost;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;

/**
 * Pool meters (Prometheus names): {@code benchline_pool_standbys{host,state=building|ready}},
 * {@code benchline_pool_target{host}}, {@code benchline_pool_claims_total{host,path=pool|cold}} (hit ratio = pool /
 * all), {@code benchline_pool_claim_duration_seconds{path}} (CHOOSE_HOST → site ready, by path),
 * {@code benchline_pool_stale_recycled_total{host}}, {@code benchline_pool_builds_total{host,outcome}}.
 */
final class PoolMetrics {

    private static final Duration[] BUCKETS = {
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
        Duration.ofSeconds(5), Duration.ofSeconds(8), Duration.ofSeconds(15), Duration.ofSeconds(30),
        Duration.ofMinutes(1), Duration.ofMinutes(3), Duration.ofMinutes(5), Duration.ofMinutes(10)
    };

    private final MeterRegistry registry;

    PoolMetrics(MeterRegistry registry, List<BenchHost> hosts, PoolState state, PoolTarget target) {
        this.registry = registry;
        for (BenchHost host : hosts) {
            String id = host.id();
            Gauge.builder("benchline.pool.standbys", state, s -> s.count(id, PoolRecord.State.BUILDING))
                    .description("Standby sites of the host by state (building, or ready to be claimed)")
                    .tags("host", id, "state", "building")
                    .register(registry);
            Gauge.builder("benchline.pool.standbys", state, s -> s.count(id, PoolRecord.State.READY))
                    .description("Standby sites of the host by state (building, or ready to be claimed)")
                    .tags("host", id, "state", "ready")
                    .register(registry);
            Gauge.builder("benchline.pool.target", target, t -> t.of(id))
                    .description("Standbys the host should hold: signup rate x build time + safety margin, capped")
                    .tag("host", id)
                    .register(registry);
            for (String path : List.of("pool", "cold")) {
                claims(id, path);
            }
            recycledCounter(id);
        }
    }

    void claimed(String host, String path, long millis) {
        claims(host, path).increment();
        Timer.builder("benchline.pool.claim.duration")
                .description("From the host chosen to the site ready (keys and warm-up done), by path")
                .tag("path", path)
                .serviceLevelObjectives(BUCKETS)
                .maximumExpectedValue(Duration.ofMinutes(30))
                .register(registry)
                .record(Duration.ofMillis(millis));
    }

    void recycled(String host) {
        recycledCounter(host).increment();
    }

    void built(String host, String outcome) {
        Counter.builder("benchline.pool.builds")
                .description("Standby builds that ended, by outcome (ready, failed, stale)")
                .tags("host", host, "outcome", outcome)
                .register(registry)
                .increment();
    }

    private Counter claims(String host, String path) {
        return Counter.builder("benchline.pool.claims")
                .description("Signups served by path: pool (a standby claimed) or cold (built on demand)")
                .tags("host", host, "path", path)
                .register(registry);
    }

    private Counter recycledCounter(String host) {
        return Counter.builder("benchline.pool.stale.recycled")
                .description("Standbys dropped because the host's app versions changed since they were built")
                .tag("host", host)
                .register(registry);
    }
}
