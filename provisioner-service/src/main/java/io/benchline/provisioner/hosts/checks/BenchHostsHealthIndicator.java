package io.benchline.provisioner.hosts.checks;

import io.benchline.provisioner.hosts.BenchHost;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code benchHosts} health component: per host its verdict, the reasons, the versions seen and when it was
 * checked. DOWN while any host fails its check, UNKNOWN while a host waits for its first one. It is in neither the
 * liveness nor the readiness group: a misconfigured bench host is an operator's task, and restarting or
 * unreadying the provisioner would not fix it (Boot's probe groups hold only livenessState / readinessState).
 */
final class BenchHostsHealthIndicator implements HealthIndicator {

    private final HostDoctor doctor;

    BenchHostsHealthIndicator(HostDoctor doctor) {
        this.doctor = doctor;
    }

    @Override
    public Health health() {
        boolean anyUnhealthy = false;
        boolean anyUnchecked = false;
        Map<String, Object> details = new LinkedHashMap<>();
        for (BenchHost host : doctor.hosts()) {
            HostCheckReport report = doctor.latest(host.id());
            if (report == null) {
                anyUnchecked = true;
                details.put(host.id(), Map.of("status", "UNCHECKED"));
                continue;
            }
            anyUnhealthy |= !report.healthy();
            details.put(host.id(), details(report));
        }
        Status status = anyUnhealthy ? Status.DOWN : anyUnchecked ? Status.UNKNOWN : Status.UP;
        return Health.status(status).withDetails(details).build();
    }

    private static Map<String, Object> details(HostCheckReport report) {
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("status", report.healthy() ? "HEALTHY" : "UNHEALTHY");
        host.put("reasons", report.problems().stream().map(Enum::name).toList());
        Map<String, String> problems = new LinkedHashMap<>();
        report.findings().stream()
                .filter(f -> f.outcome() == Finding.Outcome.FAILED)
                .forEach(f -> problems.merge(f.problem().name(), f.detail(), (a, b) -> a + "; " + b));
        if (!problems.isEmpty()) {
            host.put("problems", problems);
        }
        if (report.benchVersion() != null) {
            host.put("bench", report.benchVersion());
        }
        host.put("versions", report.appVersions());
        host.put("checkedAt", report.checkedAt().toString());
        host.put("tookMs", report.took().toMillis());
        return host;
    }
}
