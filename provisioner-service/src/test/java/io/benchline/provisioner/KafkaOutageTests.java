package io.benchline.provisioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.ProvisioningFailed;
import io.benchline.events.ProvisioningProgressed;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.SiteProvisioned;
import io.benchline.events.TenantRequested;
import io.benchline.platform.secrets.Keysets;
import io.benchline.provisioner.messaging.KafkaLedger;
import io.benchline.provisioner.messaging.KafkaOutcomeLookup;
import io.benchline.provisioner.provisioning.LedgerEntry;
import io.benchline.schemas.Topic;
import io.benchline.schemas.TrustedAvroPackages;
import io.benchline.simulator.FailurePlan;
import io.benchline.simulator.RecordedRequest;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import io.benchline.testing.CapturedLogs;
import io.benchline.testing.TopicDump;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Kafka goes away under a provisioning (issue 18's chaos campaign): a broker outage a ledger write gives up on, and an
 * outcome send the producer gives up on. Neither may fail the signup or leave the ledger and Kafka
 * disagreeing: the run waits for Kafka, resumes its step's write, and resolves a send whose result it does not know.
 * On a broker of this class alone, which it stops and starts again on the same port and data.
 */
class KafkaOutageTests {

    private static final String KEYSET = Keysets.generateJson();

    @RegisterExtension
    static final OneBenchHost bench = new OneBenchHost("provisioner-kafka-outage");

    private static RestartableBroker broker;

    @BeforeAll
    static void startBroker() {
        // Requests are built before any service is started (which would register them otherwise).
        TrustedAvroPackages.register();
        broker = RestartableBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void aSignupInFlightWhileTheBrokerIsDownCompletesOnceItIsBack() {
        String subdomain = Requests.subdomain("outage");
        String site = subdomain + "." + SimulatedBenchHost.DOMAIN;
        TenantRequested request = Requests.forSubdomain(subdomain);
        UUID tenant = request.getTenantId();
        int requestsBefore = bench.host().simulator.requests().size();
        // The warm-up's first login is held (until its request timeout, then tried again) while the broker is
        // stopped under it: the run's next waited ledger write (the outcome's: WARM_UP is carried by it) then meets
        // no broker. Before it, the warm-up's progress event may wait for the broker's metadata (max.block.ms: 60 s by
        // default, 5 s here, so the test does not spend a minute on a wait the outage's outcome does not depend on).
        bench.host().simulator.faults().hangRequests("/api/method/login", FailurePlan.onCall(1));
        try (RunningProvisioner provisioner = RunningProvisioner.start(
                "provisioner-outage-" + UUID.randomUUID(),
                KEYSET,
                on(broker, Map.of("spring.kafka.producer.properties.max.block.ms", "5000")))) {
            Requests.send(provisioner, request);
            await().atMost(Duration.ofSeconds(60)).until(() -> loginHeld(requestsBefore, site));
            try (CapturedLogs logs = CapturedLogs.start()) {
                broker.stop();
                // The write gives up (here within max.block.ms: no metadata; else after its 30 s timeout), where the
                // tenant used to fail with INTERNAL_ERROR (login timeout 10 s + the progress event's max.block.ms +
                // the write's wait, with room for the default 60 s).
                await().atMost(Duration.ofSeconds(150))
                        .until(() -> logs.lines().stream()
                                .anyMatch(l -> l.contains(
                                        "tenant " + tenant + ": Kafka unavailable, writing its ledger entry failed")));
            } finally {
                broker.startAgain();
                bench.host().simulator.faults().clear();
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> published(provisioner, tenant));
            assertThat(events(SiteProvisioned.class, tenant)).hasSize(1);
            assertThat(events(ProvisioningFailed.class, tenant)).isEmpty();
            assertThat(bench.host().count(site, "new-site")).isEqualTo(1);
            assertThat(bench.host().count(site, "generate_keys")).isEqualTo(1);
            assertThat(events(ProvisioningProgressed.class, tenant))
                    .anyMatch(p -> p.getStep() == ProvisioningStep.WARM_UP);
        }
    }

    @Test
    void anOutcomeSendKafkaRefusesIsResolvedAndSentOnce() throws Exception {
        String subdomain = Requests.subdomain("send-refused");
        TenantRequested request = Requests.forSubdomain(subdomain);
        UUID tenant = request.getTenantId();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
                RunningProvisioner provisioner = RunningProvisioner.start(
                        "provisioner-send-refused-" + UUID.randomUUID(), KEYSET, on(broker, Map.of()));
                CapturedLogs logs = CapturedLogs.start()) {
            // The broker refuses every SiteProvisioned (too large for the topic) until the limit is lifted: the
            // send fails, and whether Kafka has the event is for the run to find out, not to guess.
            siteProvisionedLimit(admin, "10");
            try {
                Requests.send(provisioner, request);
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> logs.lines().stream()
                                        .filter(l -> l.contains(
                                                "tenant " + tenant + ": cannot confirm SiteProvisioned was sent"))
                                        .count()
                                >= 2);
                assertThat(events(SiteProvisioned.class, tenant)).isEmpty();
                assertThat(provisioner.bean(KafkaLedger.class).find(tenant))
                        .hasValueSatisfying(e -> assertThat(e.isSettled()).isFalse());
            } finally {
                siteProvisionedLimit(admin, "1048588");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> published(provisioner, tenant));
            assertThat(events(SiteProvisioned.class, tenant)).hasSize(1);
            assertThat(events(ProvisioningFailed.class, tenant)).isEmpty();
            assertThat(logs.lines()).noneMatch(l -> l.contains("unexpected error"));

            // What the run looks for before it sends an outcome whose send it cannot confirm.
            SiteProvisioned sent = events(SiteProvisioned.class, tenant).get(0);
            KafkaOutcomeLookup lookup =
                    new KafkaOutcomeLookup(provisioner.bean(ConsumerFactory.class), Duration.ofSeconds(10));
            assertThat(lookup.contains(SiteProvisioned.class, tenant, sent.getEventId(), sent.getOccurredAt()))
                    .isTrue();
            assertThat(lookup.contains(SiteProvisioned.class, tenant, UUID.randomUUID(), sent.getOccurredAt()))
                    .isFalse();
        }
    }

    /**
     * The slot is freed once the host is no longer needed (issue 20): a tenant whose outcome Kafka keeps refusing
     * waits for Kafka without its slot, so the next tenant on the host's only slot is provisioned meanwhile.
     */
    @Test
    void aTenantWaitingForKafkaToTakeItsOutcomeHoldsNoSlot() throws Exception {
        TenantRequested first = Requests.forSubdomain(Requests.subdomain("slot-first"));
        TenantRequested second = Requests.forSubdomain(Requests.subdomain("slot-second"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
                RunningProvisioner provisioner = RunningProvisioner.start(
                        "provisioner-slot-free-" + UUID.randomUUID(),
                        KEYSET,
                        on(broker, Map.of("benchline.provisioner.hosts[0].slots", "1")));
                CapturedLogs logs = CapturedLogs.start()) {
            siteProvisionedLimit(admin, "10");
            try {
                Requests.send(provisioner, first);
                await().atMost(Duration.ofSeconds(60)).until(() -> sendRefused(logs, first));
                Requests.send(provisioner, second);
                // Before, the second waited for the first's slot as long as Kafka refused the first's outcome.
                await().atMost(Duration.ofSeconds(60)).until(() -> sendRefused(logs, second));
                assertThat(provisioner.bean(KafkaLedger.class).find(first.getTenantId()))
                        .hasValueSatisfying(e -> assertThat(e.isSettled()).isFalse());
            } finally {
                siteProvisionedLimit(admin, "1048588");
            }
            for (TenantRequested request : List.of(first, second)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> published(provisioner, request.getTenantId()));
                assertThat(events(SiteProvisioned.class, request.getTenantId())).hasSize(1);
            }
        }
    }

    private static boolean sendRefused(CapturedLogs logs, TenantRequested request) {
        return logs.lines().stream()
                .anyMatch(l ->
                        l.contains("tenant " + request.getTenantId() + ": cannot confirm SiteProvisioned was sent"));
    }

    private static void siteProvisionedLimit(Admin admin, String maxMessageBytes) throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topic.SITE_PROVISIONED.topicName());
        admin.incrementalAlterConfigs(Map.of(
                        topic,
                        List.of(new AlterConfigOp(
                                new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, maxMessageBytes),
                                AlterConfigOp.OpType.SET))))
                .all()
                .get();
    }

    /** The ledger says the tenant's SiteProvisioned is on Kafka: the hand-off's login keys go by this. */
    private static boolean published(RunningProvisioner provisioner, UUID tenant) {
        return provisioner
                .bean(KafkaLedger.class)
                .find(tenant)
                .map(LedgerEntry::outcome)
                .filter(o -> o.kind() == LedgerEntry.Outcome.Kind.PROVISIONED && o.published())
                .isPresent();
    }

    private static boolean loginHeld(int requestsBefore, String site) {
        List<RecordedRequest> requests = bench.host().simulator.requests();
        return requests.subList(requestsBefore, requests.size()).stream()
                .anyMatch(r ->
                        r.status() == 0 && site.equals(r.site()) && r.path().equals("/api/method/login"));
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> List<T> events(Class<T> type, UUID tenant) {
        return TopicDump.events(broker.bootstrapServers(), type, tenant);
    }

    private static Map<String, String> on(RestartableBroker broker, Map<String, String> more) {
        Map<String, String> properties = new HashMap<>(bench.host().properties(0, "bench-1", 2));
        properties.put("spring.kafka.bootstrap-servers", broker.bootstrapServers());
        properties.putAll(more);
        return properties;
    }
}
