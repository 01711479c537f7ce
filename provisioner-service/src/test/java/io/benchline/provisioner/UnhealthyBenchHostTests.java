package io.benchline.provisioner;

import static io.benchline.testing.TopicDump.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.FailureReason;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.SiteProvisioned;
import io.benchline.events.TenantRequested;
import io.benchline.platform.secrets.Keysets;
import io.benchline.simulator.HostMisconfiguration;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The doctor inside the running provisioner: a host that fails its preconditions check takes no work, health and
 * metrics name the reason, the healthy host serves every tenant, and with no healthy host a tenant fails
 * NO_BENCH_HOST_AVAILABLE (retryable) after the configured wait; a host that is fixed takes work again.
 */
class UnhealthyBenchHostTests {

    private static final String KEYSET = Keysets.generateJson();

    @TempDir
    static Path folder;

    static SimulatedBenchHost bench1;
    static SimulatedBenchHost bench2;
    static RunningProvisioner provisioner;

    @BeforeAll
    static void start() {
        bench1 = SimulatedBenchHost.start(
                folder.resolve("bench-1"), b -> b.misconfigure(HostMisconfiguration.DNS_MULTITENANT_OFF));
        bench2 = SimulatedBenchHost.start(folder.resolve("bench-2"));
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        properties.putAll(bench1.properties(0, "bench-1", 2));
        properties.putAll(bench2.properties(1, "bench-2", 2));
        properties.put("benchline.provisioner.host-checks.interval", "300ms");
        properties.put("benchline.provisioner.host-wait-timeout", "2s");
        provisioner = RunningProvisioner.start("provisioner-doctor-" + UUID.randomUUID(), KEYSET, properties);
    }

    @AfterAll
    static void stop() {
        provisioner.close();
        bench1.close();
        bench2.close();
    }

    @Test
    void hostFailingItsCheckTakesNoWorkAndTheHealthyHostServesEveryTenant() {
        misconfigure(bench1, HostMisconfiguration.DNS_MULTITENANT_OFF);
        misconfigure(bench2);
        awaitVerdict("bench-1", "UNHEALTHY", "DNS_MULTITENANT_OFF");
        awaitVerdict("bench-2", "HEALTHY");

        List<TenantRequested> requests = List.of(
                Requests.forSubdomain(Requests.subdomain("served-a")),
                Requests.forSubdomain(Requests.subdomain("served-b")),
                Requests.forSubdomain(Requests.subdomain("served-c")));
        requests.forEach(r -> Requests.send(provisioner, r));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> requests.stream()
                        .allMatch(r ->
                                !events(SiteProvisioned.class, r.getTenantId()).isEmpty()));

        for (TenantRequested r : requests) {
            assertThat(events(SiteProvisioned.class, r.getTenantId())
                            .get(0)
                            .getSite()
                            .getBenchHost())
                    .isEqualTo("bench-2");
            assertThat(bench1.count(r.getSignup().getSiteName(), "bench"))
                    .as("no command for this site on the failing host")
                    .isZero();
        }
        Health health = benchHostsHealth();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(hostDetails(health, "bench-2"))
                .containsEntry("status", "HEALTHY")
                .containsKeys("versions", "checkedAt", "bench");
        assertThat(unhealthyGauge("bench-1", "DNS_MULTITENANT_OFF")).isEqualTo(1.0);
        assertThat(unhealthyGauge("bench-1", "NO_ROOT_PASSWORD")).isZero();
        assertThat(unhealthyGauge("bench-2", "DNS_MULTITENANT_OFF")).isZero();
    }

    @Test
    void withNoHealthyHostATenantFailsRetryablyAfterTheWaitAndAFixedHostTakesWorkAgain() {
        misconfigure(bench1, HostMisconfiguration.NO_ROOT_PASSWORD);
        misconfigure(bench2, HostMisconfiguration.NGINX_RELOAD_NOT_ALLOWED);
        awaitVerdict("bench-1", "UNHEALTHY", "NO_ROOT_PASSWORD");
        awaitVerdict("bench-2", "UNHEALTHY", "NGINX_RELOAD_NOT_ALLOWED");

        TenantRequested stuck = Requests.forSubdomain(Requests.subdomain("no-host"));
        long sent = System.nanoTime();
        Requests.send(provisioner, stuck);
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        !events(ProvisioningFailed.class, stuck.getTenantId()).isEmpty());

        ProvisioningFailed failed =
                events(ProvisioningFailed.class, stuck.getTenantId()).get(0);
        assertThat(failed.getReason()).isEqualTo(FailureReason.NO_BENCH_HOST_AVAILABLE);
        assertThat(failed.getRetryable()).isTrue();
        assertThat(failed.getMessage()).contains("bench-1", "NO_ROOT_PASSWORD", "bench-2", "NGINX_RELOAD_NOT_ALLOWED");
        assertThat(Duration.ofNanos(System.nanoTime() - sent))
                .as("it waited host-wait-timeout first")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        String site = stuck.getSignup().getSiteName();
        assertThat(bench1.count(site, "bench") + bench2.count(site, "bench")).isZero();

        misconfigure(bench1);
        awaitVerdict("bench-1", "HEALTHY");
        TenantRequested later = Requests.forSubdomain(Requests.subdomain("fixed-host"));
        Requests.send(provisioner, later);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !events(SiteProvisioned.class, later.getTenantId()).isEmpty());
        assertThat(events(SiteProvisioned.class, later.getTenantId())
                        .get(0)
                        .getSite()
                        .getBenchHost())
                .isEqualTo("bench-1");
    }

    private static void misconfigure(SimulatedBenchHost host, HostMisconfiguration... modes) {
        host.simulator.misconfigure(modes.length == 0 ? Set.of() : EnumSet.of(modes[0], modes));
    }

    private static void awaitVerdict(String hostId, String status, String... reasons) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<String, Object> details = hostDetails(benchHostsHealth(), hostId);
            assertThat(details).containsEntry("status", status);
            assertThat(details.get("reasons")).isEqualTo(List.of(reasons));
        });
    }

    private static Health benchHostsHealth() {
        return provisioner
                .service()
                .context()
                .getBean("benchHostsHealthIndicator", HealthIndicator.class)
                .health();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> hostDetails(Health health, String hostId) {
        Object details = health.getDetails().get(hostId);
        return details == null ? Map.of() : (Map<String, Object>) details;
    }

    private static double unhealthyGauge(String hostId, String reason) {
        return provisioner
                .bean(MeterRegistry.class)
                .get("provisioner.host.unhealthy")
                .tag("host", hostId)
                .tag("reason", reason)
                .gauge()
                .value();
    }
}
