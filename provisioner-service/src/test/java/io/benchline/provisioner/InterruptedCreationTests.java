package io.benchline.provisioner;

import static io.benchline.testing.TopicDump.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.ProvisioningFailed;
import io.benchline.events.SiteProvisioned;
import io.benchline.events.TenantRequested;
import io.benchline.platform.secrets.Keysets;
import io.benchline.simulator.RecordedCommand;
import io.benchline.simulator.SimulatedSiteState;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import io.benchline.testing.SiteKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frappe records erpnext as installed BEFORE its after_install hooks run, so a site whose new-site was interrupted
 * can list erpnext: only a new-site the ledger saw finish counts. The provisioner stops while new-site is past that
 * point (the command runs on, with no hang-up); the next owner drops the site and builds it again.
 */
class InterruptedCreationTests {

    private static final String KEYSET = Keysets.generateJson();

    @TempDir
    Path folder;

    @Test
    void aSiteListingErpnextWhoseCreationTheLedgerNeverSawFinishIsRebuilt() {
        try (SimulatedBenchHost host = SimulatedBenchHost.start(
                folder,
                b -> b.timeScale(1)
                        .frappeInvocationCost(Duration.ZERO)
                        .benchInvocationCost(Duration.ZERO)
                        .newSiteDuration(Duration.ZERO)
                        .installAppDuration(Duration.ofSeconds(5)))) {
            String group = "provisioner-interrupted-" + UUID.randomUUID();
            TenantRequested request = Requests.forSubdomain(Requests.subdomain("hooks"));
            UUID tenant = request.getTenantId();
            String site = request.getSignup().getSiteName();
            try (RunningProvisioner first = RunningProvisioner.start(group, KEYSET, host.properties(0, "bench-1", 2))) {
                Requests.send(first, request);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> host.simulator
                                .site(site)
                                .filter(s -> s.state() == SimulatedSiteState.CREATING
                                        && s.installedApps().contains("erpnext"))
                                .isPresent());
            }
            // No hang-up without a PTY: the orphaned new-site runs to its end on the host.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> host.simulator.commands().stream()
                            .anyMatch(c -> c.commandLine().contains("new-site") && c.exitCode() == 0));
            assertThat(events(SiteProvisioned.class, tenant)).isEmpty();

            try (RunningProvisioner second =
                    RunningProvisioner.start(group, KEYSET, host.properties(0, "bench-1", 2))) {
                Requests.send(second, request);
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> !events(SiteProvisioned.class, tenant).isEmpty());
            }
            assertThat(events(ProvisioningFailed.class, tenant)).isEmpty();
            assertThat(host.count(site, "drop-site")).isEqualTo(1);
            assertThat(host.simulator.commands())
                    .filteredOn(c -> c.commandLine().contains("new-site"))
                    .extracting(RecordedCommand::exitCode)
                    .containsExactly(0, 0);
            SiteKeys.assertOpenSite(
                    host.simulator.gunicornBaseUrl(),
                    tenant,
                    events(SiteProvisioned.class, tenant).get(0).getSite(),
                    Requests.opener(
                            KEYSET, events(SiteProvisioned.class, tenant).get(0).getSite()));
        }
    }
}
