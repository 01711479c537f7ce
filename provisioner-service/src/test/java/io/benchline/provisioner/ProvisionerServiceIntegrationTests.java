package io.benchline.provisioner;

import static io.benchline.testing.TopicDump.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.ProvisioningProgressed;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.SiteProvisioned;
import io.benchline.events.StepPhase;
import io.benchline.events.TenantRequested;
import io.benchline.testing.CapturedLogs;
import io.benchline.testing.KafkaTestBroker;
import io.benchline.testing.SecretScan;
import io.benchline.testing.SiteKeys;
import io.benchline.testing.TopicDump;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.kafka.core.ConsumerFactory;

/** A TenantRequested on a real broker becomes a site on the simulated bench host, reached over real SSH and HTTP. */
class ProvisionerServiceIntegrationTests {

    @RegisterExtension
    static final ProvisionerOnBenchHost running = new ProvisionerOnBenchHost("provisioner-it");

    @Test
    void testPropertiesOutrankApplicationYml() {
        // application.yml says earliest; the test's latest must be what the running consumers use.
        assertThat(running.provisioner().bean(ConsumerFactory.class).getConfigurationProperties())
                .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest")
                .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, List.of(KafkaTestBroker.bootstrapServers()));
        assertThat(running.provisioner().service().property("spring.kafka.consumer.auto-offset-reset"))
                .isEqualTo("latest");
        assertThat(running.provisioner().service().property("spring.kafka.consumer.group-id"))
                .startsWith("provisioner-it-");
    }

    @Test
    void tenantRequestedBecomesSiteProvisionedWhoseSealedKeysOpenTheSite() {
        String subdomain = Requests.subdomain("acme");
        TenantRequested request = Requests.forSubdomain(subdomain);
        UUID tenant = request.getTenantId();
        String site = subdomain + ".localhost";

        List<String> logLines;
        try (CapturedLogs logs = CapturedLogs.start()) {
            Requests.send(running.provisioner(), request);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !events(SiteProvisioned.class, tenant).isEmpty());
            logLines = logs.lines();
        }

        SiteProvisioned provisioned = events(SiteProvisioned.class, tenant).get(0);
        assertThat(provisioned.getSignup()).isEqualTo(request.getSignup());
        assertThat(provisioned.getSite().getSiteName()).isEqualTo(site);
        assertThat(provisioned.getSite().getBenchHost()).isEqualTo("bench-1");
        SiteKeys keys = SiteKeys.assertOpenSite(
                running.host().simulator.gunicornBaseUrl(),
                tenant,
                provisioned.getSite(),
                Requests.opener(running.keyset(), provisioned.getSite()));

        assertThat(running.host().count(site, "new-site")).isEqualTo(1);
        assertThat(running.host().count(site, "generate_keys")).isEqualTo(1);
        assertThat(running.host().simulator.site(site).orElseThrow().installedApps())
                .contains("erpnext");

        List<ProvisioningProgressed> progress = events(ProvisioningProgressed.class, tenant);
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
        SecretScan.assertNotInRecords(keys.apiSecret(), records);
        SecretScan.assertNotInRecords(keys.apiKey(), records);
        SecretScan.assertNotInLogs(keys.apiSecret(), logLines);
        SecretScan.assertNotInLogs(keys.apiKey(), logLines);
    }

    @Test
    void duplicateRequestForAProvisionedTenantEmitsNothingNew() {
        String subdomain = Requests.subdomain("dup");
        TenantRequested request = Requests.forSubdomain(subdomain);
        UUID tenant = request.getTenantId();
        Requests.send(running.provisioner(), request);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> events(SiteProvisioned.class, tenant).size() == 1);
        int eventsBefore = RunningProvisioner.published(tenant).size();

        RecordMetadata duplicate = Requests.send(running.provisioner(), request);
        running.provisioner().awaitConsumed(duplicate);

        assertThat(RunningProvisioner.published(tenant)).hasSize(eventsBefore);
        assertThat(running.host().count(subdomain + ".localhost", "new-site")).isEqualTo(1);
        assertThat(running.host().count(subdomain + ".localhost", "generate_keys"))
                .isEqualTo(1);
    }
}
