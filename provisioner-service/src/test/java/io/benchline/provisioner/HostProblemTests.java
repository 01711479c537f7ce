package io.benchline.provisioner;

import static io.benchline.testing.TopicDump.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.FailureReason;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.SiteProvisioned;
import io.benchline.events.TenantRequested;
import io.benchline.platform.secrets.Keysets;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bench host whose bench cannot run (here: its bench folder is missing, so {@code cd} fails with exit 2) is a
 * problem of the host, not a fact about the customer's subdomain: the tenant moves to a healthy host, or fails for
 * want of one, and is never told its subdomain is taken.
 */
class HostProblemTests {

    private static final String KEYSET = Keysets.generateJson();
    private static final String MISSING_FOLDER = "/home/frappe/no-such-bench";

    @TempDir
    Path folder;

    @Test
    void aHostWhoseBenchCannotRunIsLeftForAHealthyOne() {
        try (SimulatedBenchHost broken = SimulatedBenchHost.start(folder.resolve("broken"));
                SimulatedBenchHost healthy = SimulatedBenchHost.start(folder.resolve("healthy"))) {
            Map<String, String> properties = new HashMap<>(broken.properties(0, "bench-broken", 2));
            properties.put("benchline.provisioner.hosts[0].bench-folder", MISSING_FOLDER);
            properties.putAll(healthy.properties(1, "bench-healthy", 2));
            try (RunningProvisioner provisioner =
                    RunningProvisioner.start("provisioner-host-problem-" + UUID.randomUUID(), KEYSET, properties)) {
                TenantRequested request = Requests.forSubdomain(Requests.subdomain("moved"));
                UUID tenant = request.getTenantId();
                Requests.send(provisioner, request);
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> !events(SiteProvisioned.class, tenant).isEmpty()
                                || !events(ProvisioningFailed.class, tenant).isEmpty());

                assertThat(events(ProvisioningFailed.class, tenant)).isEmpty();
                assertThat(events(SiteProvisioned.class, tenant))
                        .singleElement()
                        .satisfies(p -> assertThat(p.getSite().getBenchHost()).isEqualTo("bench-healthy"));
                String site = request.getSignup().getSiteName();
                assertThat(broken.simulator.commands())
                        .as("the broken host was tried first")
                        .isNotEmpty();
                assertThat(broken.count(site, "new-site")).isZero();
                assertThat(healthy.count(site, "new-site")).isEqualTo(1);
            }
        }
    }

    @Test
    void withOnlyABrokenHostTheTenantFailsForWantOfAHostNotAsTaken() {
        try (SimulatedBenchHost broken = SimulatedBenchHost.start(folder.resolve("broken"))) {
            Map<String, String> properties = new HashMap<>(broken.properties(0, "bench-broken", 2));
            properties.put("benchline.provisioner.hosts[0].bench-folder", MISSING_FOLDER);
            properties.put("benchline.provisioner.host-wait-timeout", "3s");
            // Shorter than the wait, as by default: the host is offered again and again, and the wait must not restart.
            properties.put("benchline.provisioner.host-cool-down", "1s");
            try (RunningProvisioner provisioner =
                    RunningProvisioner.start("provisioner-host-problem-" + UUID.randomUUID(), KEYSET, properties)) {
                TenantRequested request = Requests.forSubdomain(Requests.subdomain("stranded"));
                UUID tenant = request.getTenantId();
                Requests.send(provisioner, request);
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> !events(ProvisioningFailed.class, tenant).isEmpty());

                assertThat(events(ProvisioningFailed.class, tenant))
                        .singleElement()
                        .satisfies(f -> {
                            assertThat(f.getReason()).isEqualTo(FailureReason.NO_BENCH_HOST_AVAILABLE);
                            assertThat(f.getMessage()).contains("bench-broken");
                        });
                assertThat(events(SiteProvisioned.class, tenant)).isEmpty();
                assertThat(broken.count(request.getSignup().getSiteName(), "new-site"))
                        .isZero();
            }
        }
    }
}
