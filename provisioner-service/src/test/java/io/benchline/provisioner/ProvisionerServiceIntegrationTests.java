package io.benchline.provisioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.ProvisioningProgressed;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.SecretPurpose;
import io.benchline.events.SiteProvisioned;
import io.benchline.events.StepPhase;
import io.benchline.events.TenantRequested;
import io.benchline.platform.secrets.Keysets;
import io.benchline.platform.secrets.Secret;
import io.benchline.platform.secrets.SecretSealer;
import io.benchline.platform.secrets.SecretSealers;
import io.benchline.platform.secrets.SecretsProperties;
import io.benchline.testing.CapturedLogs;
import io.benchline.testing.KafkaTestBroker;
import io.benchline.testing.SecretScan;
import io.benchline.testing.TopicDump;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TenantRequested on a real broker becomes a site on the simulated bench host, reached over real SSH and HTTP. */
class ProvisionerServiceIntegrationTests {

    private static final String KEYSET = Keysets.generateJson();

    @TempDir
    static Path folder;

    static SimulatedBenchHost host;
    static RunningProvisioner provisioner;
    static PublishedEvents events;

    @BeforeAll
    static void start() {
        host = SimulatedBenchHost.start(folder.resolve("bench-1"));
        provisioner = RunningProvisioner.start(
                "provisioner-it-" + UUID.randomUUID(), KEYSET, host.properties(0, "bench-1", 2));
        events = new PublishedEvents();
    }

    @AfterAll
    static void stop() {
        events.close();
        provisioner.close();
        host.close();
    }

    @Test
    void tenantRequestedBecomesSiteProvisionedWhoseSealedKeysOpenTheSite() throws Exception {
        String subdomain = Requests.subdomain("acme");
        TenantRequested request = Requests.forSubdomain(subdomain);
        UUID tenant = request.getTenantId();
        String site = subdomain + ".localhost";

        List<String> logLines;
        try (CapturedLogs logs = CapturedLogs.start()) {
            Requests.send(provisioner, request);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !events.provisioned(tenant).isEmpty());
            logLines = logs.lines();
        }

        SiteProvisioned provisioned = events.provisioned(tenant).get(0);
        assertThat(provisioned.getSignup()).isEqualTo(request.getSignup());
        assertThat(provisioned.getSite().getSiteName()).isEqualTo(site);
        assertThat(provisioned.getSite().getBenchHost()).isEqualTo("bench-1");
        SecretSealer sealer = new SecretSealers(new SecretsProperties(
                        Map.of(SecretPurpose.SITE_CREDENTIALS, new SecretsProperties.KeysetSource(null, KEYSET))))
                .forPurpose(SecretPurpose.SITE_CREDENTIALS);
        Secret apiKey = sealer.open(tenant, "apiKey", provisioned.getSite().getApiKey());
        Secret apiSecret =
                sealer.open(tenant, "apiSecret", provisioned.getSite().getApiSecret());

        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        host.simulator.gunicornBaseUrl() + "/api/method/frappe.auth.get_logged_user"))
                                .header("X-Frappe-Site-Name", site)
                                .header("Authorization", "token " + apiKey.reveal() + ":" + apiSecret.reveal())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"message\":\"Administrator\"");

        assertThat(host.count(site, "new-site")).isEqualTo(1);
        assertThat(host.count(site, "generate_keys")).isEqualTo(1);
        assertThat(host.simulator.site(site).orElseThrow().installedApps()).contains("erpnext");

        List<ProvisioningProgressed> progress = events.progress(tenant);
        for (ProvisioningStep step : List.of(
                ProvisioningStep.CHOOSE_HOST,
                ProvisioningStep.CREATE_SITE,
                ProvisioningStep.GENERATE_KEYS,
                ProvisioningStep.PUBLISH_SITE,
                ProvisioningStep.WARM_UP)) {
            assertThat(progress)
                    .filteredOn(p -> p.getStep() == step)
                    .extracting(ProvisioningProgressed::getPhase)
                    .containsExactly(StepPhase.STARTED, StepPhase.FINISHED);
        }

        var records = TopicDump.all(KafkaTestBroker.bootstrapServers());
        SecretScan.assertNotInRecords(apiSecret.reveal(), records);
        SecretScan.assertNotInRecords(apiKey.reveal(), records);
        SecretScan.assertNotInLogs(apiSecret.reveal(), logLines);
        SecretScan.assertNotInLogs(apiKey.reveal(), logLines);
    }

    @Test
    void duplicateRequestForAProvisionedTenantEmitsNothingNew() {
        String subdomain = Requests.subdomain("dup");
        TenantRequested request = Requests.forSubdomain(subdomain);
        UUID tenant = request.getTenantId();
        Requests.send(provisioner, request);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> events.provisioned(tenant).size() == 1);
        int eventsBefore = events.of(tenant).size();

        Requests.send(provisioner, request);
        TenantRequested marker = Requests.forSubdomain(Requests.subdomain("marker"));
        Requests.send(provisioner, marker);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !events.provisioned(marker.getTenantId()).isEmpty());

        assertThat(events.of(tenant)).hasSize(eventsBefore);
        assertThat(host.count(subdomain + ".localhost", "new-site")).isEqualTo(1);
        assertThat(host.count(subdomain + ".localhost", "generate_keys")).isEqualTo(1);
    }
}
