package io.benchline.provisioner;

import static io.benchline.testing.TopicDump.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.ProvisioningFailed;
import io.benchline.events.ProvisioningProgressed;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.SiteProvisioned;
import io.benchline.events.StepPhase;
import io.benchline.events.TenantRequested;
import io.benchline.platform.secrets.Keysets;
import io.benchline.simulator.FailurePlan;
import io.benchline.simulator.RecordedCommand;
import io.benchline.simulator.RecordedRequest;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import io.benchline.testing.SiteKeys;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The provisioner is stopped in the middle of each step (its context closed while the bench host holds the next
 * command or request), a new instance starts on the same ledger, and the TenantRequested is delivered again. The
 * tenant resumes where it was: one site, a half-built site dropped and rebuilt, an emitted secret never rotated.
 */
class CrashRecoveryTests {

    private static final String KEYSET = Keysets.generateJson();

    @RegisterExtension
    static final OneBenchHost bench = new OneBenchHost("provisioner-crash");

    @Test
    void crashDuringNewSiteDropsTheHalfBuiltSiteAndBuildsItOnce() {
        String site = crashAndResume(
                ProvisioningStep.CREATE_SITE,
                () -> bench.host().simulator.faults().hangCommand("new-site", FailurePlan.onCall(1)),
                (s, since) -> commandHangs(since, s, "new-site"));
        assertThat(bench.host().count(site, "drop-site")).isEqualTo(1);
        assertThat(bench.host().count(site, "new-site")).isEqualTo(2);
        assertThat(bench.host().count(site, "generate_keys")).isEqualTo(1);
    }

    @Test
    void crashBetweenGeneratingAndRecordingKeysRegeneratesTheUnsentSecret() {
        String site = crashAndResume(
                ProvisioningStep.GENERATE_KEYS,
                () -> bench.host().simulator.faults().hangCommand("execute frappe.db.get_value", FailurePlan.onCall(1)),
                (s, since) -> commandHangs(since, s, "frappe.db.get_value"));
        assertThat(bench.host().count(site, "new-site")).isEqualTo(1);
        assertThat(bench.host().count(site, "drop-site")).isZero();
        assertThat(bench.host().count(site, "generate_keys"))
                .as("generate_keys before the crash and again after it")
                .isEqualTo(2);
    }

    @Test
    void crashAfterKeysWereRecordedNeverRotatesTheSecret() {
        String site = crashAndResume(
                ProvisioningStep.PUBLISH_SITE,
                () -> bench.host().simulator.faults().hangCommand("setup", FailurePlan.onCall(1)),
                // bench setup nginx names no site: any setup line of this test that is still running.
                (s, since) -> commandHangs(since, "", "setup nginx"));
        assertThat(bench.host().count(site, "new-site")).isEqualTo(1);
        assertThat(bench.host().count(site, "generate_keys")).isEqualTo(1);
    }

    @Test
    void crashDuringWarmUpResetsTheLostAdminPasswordAndKeepsTheKeys() {
        String site = crashAndResume(
                ProvisioningStep.WARM_UP,
                () -> bench.host().simulator.faults().hangRequests("/api/method/login", FailurePlan.onCall(1)),
                (s, since) -> requestHeld(since, s, "/api/method/login"));
        assertThat(bench.host().count(site, "new-site")).isEqualTo(1);
        assertThat(bench.host().count(site, "generate_keys")).isEqualTo(1);
        // Over REST: once after new-site (a host-wide admin_password would override new-site's), once more after the
        // restart, and once to rotate the warm-up's password away.
        assertThat(bench.host().answered(site, "PUT", "/api/resource/User/Administrator"))
                .isEqualTo(3);
    }

    /** What the bench host had recorded when the test began, so only this test's commands and requests count. */
    private record Since(int commands, int requests) {}

    /** The bench host holds the crash point: true once it is reached. */
    @FunctionalInterface
    private interface CrashPoint {
        boolean reached(String site, Since since);
    }

    /** A command of this test naming {@code site} and containing {@code fragment} is running (hung). */
    private static boolean commandHangs(Since since, String site, String fragment) {
        List<RecordedCommand> commands = bench.host().simulator.commands();
        return commands.subList(since.commands(), commands.size()).stream()
                .anyMatch(c -> c.exitCode() == -1
                        && c.commandLine().contains(site)
                        && c.commandLine().contains(fragment));
    }

    /** A request of this test to {@code site} and {@code path} is held (status 0). */
    private static boolean requestHeld(Since since, String site, String path) {
        List<RecordedRequest> requests = bench.host().simulator.requests();
        return requests.subList(since.requests(), requests.size()).stream()
                .anyMatch(r ->
                        r.status() == 0 && site.equals(r.site()) && r.path().equals(path));
    }

    /**
     * Hangs the bench host inside {@code step}, waits until the provisioner is held at {@code crashPoint}, stops it
     * there, restarts it, redelivers the request and waits until the new instance has handled it.
     */
    private String crashAndResume(ProvisioningStep step, Runnable fault, CrashPoint crashPoint) {
        String group = "provisioner-crash-" + UUID.randomUUID();
        String subdomain = Requests.subdomain("crash");
        String site = subdomain + "." + SimulatedBenchHost.DOMAIN;
        TenantRequested request = Requests.forSubdomain(subdomain);
        UUID tenant = request.getTenantId();
        Since since = new Since(
                bench.host().simulator.commands().size(),
                bench.host().simulator.requests().size());
        fault.run();
        try (RunningProvisioner first =
                RunningProvisioner.start(group, KEYSET, bench.host().properties(0, "bench-1", 2))) {
            Requests.send(first, request);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> events(ProvisioningProgressed.class, tenant).stream()
                            .anyMatch(p -> p.getStep() == step && p.getPhase() == StepPhase.STARTED));
            await().atMost(Duration.ofSeconds(30)).until(() -> crashPoint.reached(site, since));
        } finally {
            bench.host().simulator.faults().clear();
        }
        assertThat(events(SiteProvisioned.class, tenant)).isEmpty();
        assertThat(events(ProvisioningFailed.class, tenant)).isEmpty();

        try (RunningProvisioner second =
                RunningProvisioner.start(group, KEYSET, bench.host().properties(0, "bench-1", 2))) {
            RecordMetadata redelivered = Requests.send(second, request);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !events(SiteProvisioned.class, tenant).isEmpty());
            // The redelivery itself was handled too, so a second provisioning it could start would show below.
            second.awaitConsumed(redelivered);
        }
        assertThat(events(SiteProvisioned.class, tenant)).hasSize(1);
        assertThat(events(ProvisioningFailed.class, tenant)).isEmpty();
        SiteKeys.assertOpenSite(
                bench.host().simulator.gunicornBaseUrl(),
                tenant,
                events(SiteProvisioned.class, tenant).get(0).getSite(),
                Requests.opener(
                        KEYSET, events(SiteProvisioned.class, tenant).get(0).getSite()));
        return site;
    }
}
