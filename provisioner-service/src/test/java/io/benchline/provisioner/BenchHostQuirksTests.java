package io.benchline.provisioner;

import static io.benchline.testing.TopicDump.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.FailureReason;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.SiteProvisioned;
import io.benchline.events.TenantRequested;
import io.benchline.platform.secrets.Keysets;
import io.benchline.simulator.FrappeSimulator;
import io.benchline.simulator.HostMisconfiguration;
import io.benchline.simulator.RecordedCommand;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import io.benchline.testing.SiteKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real bench hosts as frappe-facts.md describes them ("Host preconditions", "How to read a failed command"): each
 * quirk is set up on the simulator and the provisioner must still build the site, or fail for the right reason.
 */
class BenchHostQuirksTests {

    private static final String KEYSET = Keysets.generateJson();
    private static final String HOST = "benchline.provisioner.hosts[0].";

    @TempDir
    Path folder;

    /**
     * The preconditions check keeps such a host out (UnhealthyBenchHostTests); with the check off, setting the
     * password over REST after new-site still gets the warm-up in: the second line of defence.
     */
    @Test
    void aHostWideAdminPasswordDoesNotLockTheWarmUpOut() {
        provisions(
                b -> b.misconfigure(HostMisconfiguration.GLOBAL_ADMIN_PASSWORD),
                Map.of("benchline.provisioner.host-checks.enabled", "false"));
    }

    @Test
    void benchOffThePathRunsFromTheConfiguredExecutable() {
        try (SimulatedBenchHost host =
                SimulatedBenchHost.start(folder, b -> b.misconfigure(HostMisconfiguration.BENCH_NOT_ON_PATH))) {
            Map<String, String> settings = Map.of(HOST + "bench-executable", host.simulator.benchExecutable());
            assertProvisioned(host, settings);
            assertThat(host.simulator.commands())
                    .filteredOn(c -> c.commandLine().contains("new-site"))
                    .singleElement()
                    .satisfies(c -> assertThat(c.argv()).contains(host.simulator.benchExecutable()));
        }
    }

    @Test
    void anEditableInstallWarningBeforeTheOutputDoesNotBreakParsing() {
        provisions(b -> b.misconfigure(HostMisconfiguration.EDITABLE_INSTALL_WARNING), Map.of());
    }

    @Test
    void benchsPypiCheckDoesNotHoldUpPublishing() {
        provisions(
                b -> b.misconfigure(HostMisconfiguration.PYPI_STALL).pypiStall(Duration.ofSeconds(60)),
                Map.of(
                        "benchline.provisioner.command-timeout", "10s",
                        "benchline.provisioner.retry.max-attempts", "1"));
    }

    @Test
    void aNewSitePastItsLimitIsStoppedOnTheHostNotLeftRunning() {
        try (SimulatedBenchHost host = SimulatedBenchHost.start(
                folder,
                b -> b.timeScale(1)
                        .frappeInvocationCost(Duration.ZERO)
                        .benchInvocationCost(Duration.ZERO)
                        .newSiteDuration(Duration.ofSeconds(30)))) {
            Map<String, String> properties = new HashMap<>(host.properties(0, "bench-1", 2));
            properties.put("benchline.provisioner.new-site-timeout", "6s");
            properties.put("benchline.provisioner.retry.max-attempts", "1");
            try (RunningProvisioner provisioner =
                    RunningProvisioner.start("provisioner-quirks-" + UUID.randomUUID(), KEYSET, properties)) {
                TenantRequested request = Requests.forSubdomain(Requests.subdomain("slow"));
                Requests.send(provisioner, request);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> !events(ProvisioningFailed.class, request.getTenantId())
                                .isEmpty());
                assertThat(events(ProvisioningFailed.class, request.getTenantId())
                                .get(0)
                                .getReason())
                        .isEqualTo(FailureReason.BENCH_COMMAND_TIMED_OUT);
                // The host's timeout ended it (124), well before its 30 s would have run out.
                await().atMost(Duration.ofSeconds(5))
                        .untilAsserted(() -> assertThat(host.simulator.commands())
                                .filteredOn(c -> c.commandLine().contains("new-site"))
                                .extracting(RecordedCommand::exitCode)
                                .containsExactly(124));
            }
        }
    }

    @Test
    void aLeftoverDatabaseIsAFailedCommandNotATakenName() {
        try (SimulatedBenchHost host = SimulatedBenchHost.start(folder)) {
            try (RunningProvisioner provisioner = RunningProvisioner.start(
                    "provisioner-quirks-" + UUID.randomUUID(), KEYSET, host.properties(0, "bench-1", 2))) {
                TenantRequested request = Requests.forSubdomain(Requests.subdomain("leftover"));
                host.simulator.leaveDatabaseWithoutSite(request.getSignup().getSiteName());
                Requests.send(provisioner, request);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> !events(ProvisioningFailed.class, request.getTenantId())
                                .isEmpty());
                ProvisioningFailed failed =
                        events(ProvisioningFailed.class, request.getTenantId()).get(0);
                assertThat(failed.getReason()).isEqualTo(FailureReason.BENCH_COMMAND_FAILED);
                assertThat(failed.getMessage()).contains("new-site", "already exists");
            }
        }
    }

    private void provisions(UnaryOperator<FrappeSimulator.Builder> quirks, Map<String, String> settings) {
        try (SimulatedBenchHost host = SimulatedBenchHost.start(folder, quirks)) {
            assertProvisioned(host, settings);
        }
    }

    private static void assertProvisioned(SimulatedBenchHost host, Map<String, String> settings) {
        Map<String, String> properties = new HashMap<>(host.properties(0, "bench-1", 2));
        properties.putAll(settings);
        try (RunningProvisioner provisioner =
                RunningProvisioner.start("provisioner-quirks-" + UUID.randomUUID(), KEYSET, properties)) {
            TenantRequested request = Requests.forSubdomain(Requests.subdomain("quirk"));
            UUID tenant = request.getTenantId();
            Requests.send(provisioner, request);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !events(SiteProvisioned.class, tenant).isEmpty()
                            || !events(ProvisioningFailed.class, tenant).isEmpty());
            List<ProvisioningFailed> failed = events(ProvisioningFailed.class, tenant);
            assertThat(failed).as("failures").isEmpty();
            SiteKeys.assertOpenSite(
                    host.simulator.gunicornBaseUrl(),
                    tenant,
                    events(SiteProvisioned.class, tenant).get(0).getSite(),
                    Requests.opener(
                            KEYSET, events(SiteProvisioned.class, tenant).get(0).getSite()));
        }
    }
}
