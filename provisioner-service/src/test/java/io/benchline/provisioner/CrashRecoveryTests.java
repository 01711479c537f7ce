package io.benchline.provisioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.ProvisioningStep;
import io.benchline.events.StepPhase;
import io.benchline.events.TenantRequested;
import io.benchline.platform.secrets.Keysets;
import io.benchline.simulator.FailurePlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provisioner is stopped in the middle of each step (its context closed while the bench host holds the next
 * command), a new instance starts on the same group and ledger, and the TenantRequested is delivered again. The
 * tenant resumes where it was: one site, a half-built site dropped and rebuilt, an emitted secret never rotated.
 */
class CrashRecoveryTests {

    private static final String KEYSET = Keysets.generateJson();

    @TempDir
    static Path folder;

    static SimulatedBenchHost host;
    static PublishedEvents events;

    @BeforeAll
    static void start() {
        host = SimulatedBenchHost.start(folder.resolve("bench-1"));
        events = new PublishedEvents();
    }

    @AfterAll
    static void stop() {
        events.close();
        host.close();
    }

    @Test
    void crashDuringNewSiteDropsTheHalfBuiltSiteAndBuildsItOnce() {
        String site = crashAndResume(
                ProvisioningStep.CREATE_SITE,
                f -> host.simulator.faults().hangCommand("new-site", FailurePlan.onCall(1)));
        assertThat(host.count(site, "drop-site")).isEqualTo(1);
        assertThat(host.count(site, "new-site")).isEqualTo(2);
        assertThat(host.count(site, "generate_keys")).isEqualTo(1);
    }

    @Test
    void crashBetweenGeneratingAndRecordingKeysRegeneratesTheUnsentSecret() {
        String site = crashAndResume(
                ProvisioningStep.GENERATE_KEYS,
                f -> host.simulator.faults().hangCommand("execute frappe.db.get_value", FailurePlan.onCall(1)));
        assertThat(host.count(site, "new-site")).isEqualTo(1);
        assertThat(host.count(site, "drop-site")).isZero();
    }

    @Test
    void crashAfterKeysWereRecordedNeverRotatesTheSecret() {
        String site = crashAndResume(
                ProvisioningStep.PUBLISH_SITE,
                f -> host.simulator.faults().hangCommand("setup", FailurePlan.onCall(1)));
        assertThat(host.count(site, "new-site")).isEqualTo(1);
        assertThat(host.count(site, "generate_keys")).isEqualTo(1);
    }

    @Test
    void crashDuringWarmUpResetsTheLostAdminPasswordAndKeepsTheKeys() {
        String site = crashAndResume(
                ProvisioningStep.WARM_UP,
                f -> host.simulator.faults().hangRequests("/api/method/login", FailurePlan.onCall(1)));
        assertThat(host.count(site, "new-site")).isEqualTo(1);
        assertThat(host.count(site, "generate_keys")).isEqualTo(1);
        // Once after new-site (a host-wide admin_password would override new-site's), once more after the restart.
        assertThat(host.count(site, "set-admin-password")).isEqualTo(2);
    }

    /** Hangs the bench host inside {@code step}, stops the provisioner there, restarts it and redelivers. */
    private String crashAndResume(ProvisioningStep step, Consumer<Void> fault) {
        String group = "provisioner-crash-" + UUID.randomUUID();
        String subdomain = Requests.subdomain("crash");
        TenantRequested request = Requests.forSubdomain(subdomain);
        UUID tenant = request.getTenantId();
        fault.accept(null);
        try (RunningProvisioner first = RunningProvisioner.start(group, KEYSET, host.properties(0, "bench-1", 2))) {
            Requests.send(first, request);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> events.progress(tenant).stream()
                            .anyMatch(p -> p.getStep() == step && p.getPhase() == StepPhase.STARTED));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> host.simulator.commands().stream()
                                    .anyMatch(c -> c.exitCode() == -1
                                            && c.commandLine().contains(subdomain))
                            || step == ProvisioningStep.WARM_UP
                            || step == ProvisioningStep.PUBLISH_SITE);
        } finally {
            host.simulator.faults().clear();
        }
        assertThat(events.provisioned(tenant)).isEmpty();
        assertThat(events.failed(tenant)).isEmpty();

        try (RunningProvisioner second = RunningProvisioner.start(group, KEYSET, host.properties(0, "bench-1", 2))) {
            Requests.send(second, request);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !events.provisioned(tenant).isEmpty());
            // A marker tenant behind it proves the redelivery was handled, not still pending.
            TenantRequested marker = Requests.forSubdomain(Requests.subdomain("marker"));
            Requests.send(second, marker);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !events.provisioned(marker.getTenantId()).isEmpty());
        }
        assertThat(events.provisioned(tenant)).hasSize(1);
        assertThat(events.failed(tenant)).isEmpty();
        String site = subdomain + ".localhost";
        SiteKeys.assertOpen(host, KEYSET, events.provisioned(tenant).get(0));
        return site;
    }
}
