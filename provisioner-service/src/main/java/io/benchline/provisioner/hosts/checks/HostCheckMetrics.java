package io.benchline.provisioner.hosts.checks;

import io.benchline.provisioner.hosts.BenchHost;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code provisioner.host.unhealthy{host,reason}}: 1 while the host's latest check failed for that reason, else 0
 * (every host x reason registered at start, so an alert sees the series before the first failure);
 * {@code provisioner.host.checks{host,outcome}}: checks run, outcome {@code healthy} or {@code unhealthy}.
 */
final class HostCheckMetrics {

    private final MeterRegistry registry;
    private final Map<String, Set<HostProblem>> current = new ConcurrentHashMap<>();

    HostCheckMetrics(MeterRegistry registry, List<BenchHost> hosts) {
        this.registry = registry;
        for (BenchHost host : hosts) {
            for (HostProblem problem : HostProblem.values()) {
                Gauge.builder(
                                "provisioner.host.unhealthy",
                                () -> current.getOrDefault(host.id(), Set.of()).contains(problem) ? 1 : 0)
                        .description("1 while the bench host's latest preconditions check failed for this reason")
                        .tag("host", host.id())
                        .tag("reason", problem.name())
                        .strongReference(true)
                        .register(registry);
            }
            for (String outcome : List.of("healthy", "unhealthy")) {
                counter(host.id(), outcome);
            }
        }
    }

    void checked(HostCheckReport report) {
        Set<HostProblem> problems = EnumSet.noneOf(HostProblem.class);
        problems.addAll(report.problems());
        current.put(report.hostId(), problems);
        counter(report.hostId(), report.healthy() ? "healthy" : "unhealthy").increment();
    }

    private Counter counter(String hostId, String outcome) {
        return Counter.builder("provisioner.host.checks")
                .description("Bench host preconditions checks run, by outcome")
                .tag("host", hostId)
                .tag("outcome", outcome)
                .register(registry);
    }
}
