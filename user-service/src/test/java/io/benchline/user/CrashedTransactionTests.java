package io.benchline.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.FailureReason;
import io.benchline.events.KeysActive;
import io.benchline.events.ProvisioningFailed;
import io.benchline.platform.secrets.Keysets;
import io.benchline.schemas.SampleEvents;
import io.benchline.schemas.Topic;
import io.benchline.testing.KafkaTestBroker;
import io.benchline.testing.Publish;
import io.benchline.testing.RunningService;
import io.benchline.testing.TopicDump;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user-service killed between its transaction's first send and its commit (issue 18). Its terminal event is on
 * the broker but not committed, and the partition's last stable offset stays behind it: no read_committed reader
 * of {@code tenant.provisioning-failed} sees anything past it until the transaction ends. The instance restarted
 * under the same instance id must end it at once (its transactional ids fence the dead one's and abort what it left
 * open), so the redelivered record's terminal event is visible within seconds. With a random transactional id
 * and a long {@code transaction.timeout.ms} (the old configuration) it stays invisible for that whole timeout.
 */
class CrashedTransactionTests {

    /** Restart, rebalance (a 6 s session) and the work itself: seconds. The old configuration took 10 minutes. */
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(30);

    @TempDir
    static Path folder;

    @Test
    void restartedInstanceAbortsTheTransactionItsKilledPredecessorLeftOpen() throws Exception {
        String instance = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        String group = "user-service-crash-" + UUID.randomUUID();
        Map<String, Object> properties = properties(group);
        startGroupAtTheEnd(group);
        UUID tenant = UUID.randomUUID();
        Publish.event("/benchline/verifier-service", foreignSiteKeysActive(tenant));

        Process killed = startHalting(instance, properties);
        assertThat(killed.waitFor(3, TimeUnit.MINUTES))
                .as("the instance dies at its first commit (log: %s)", folder.resolve("halting.log"))
                .isTrue();
        assertThat(killed.exitValue()).isEqualTo(HaltingUserService.EXIT_STATUS);
        // It died mid-transaction: its terminal event reached the partition but is not committed.
        assertThat(recordsOnTheBroker(tenant)).isEqualTo(1);
        assertThat(committedFailures(tenant)).isEmpty();

        Map<String, Object> restartedProperties = new HashMap<>(properties);
        restartedProperties.put("benchline.user.instance-id", instance);
        Instant restart = Instant.now();
        try (RunningService restarted = RunningService.start(UserServiceApplication.class, restartedProperties)) {
            List<ProvisioningFailed> committed =
                    await().atMost(VISIBLE_WITHIN).until(() -> committedFailures(tenant), found -> !found.isEmpty());

            assertThat(Duration.between(restart, Instant.now())).isLessThan(VISIBLE_WITHIN);
            assertThat(committed).hasSize(1);
            assertThat(committed.get(0).getReason()).isEqualTo(FailureReason.INVALID_REQUEST);
            // The dead instance's copy was aborted, not committed: one terminal event, as exactly-once requires.
            assertThat(recordsOnTheBroker(tenant)).isEqualTo(2);
            assertThat(restarted.property("spring.kafka.producer.transaction-id-prefix"))
                    .isEqualTo("user-service-" + instance + "-");
        }
    }

    private static Map<String, Object> properties(String group) throws Exception {
        Path passwords = Files.writeString(folder.resolve("customer-password.json"), Keysets.generateJson());
        Path credentials = Files.writeString(folder.resolve("site-credentials.json"), Keysets.generateJson());
        Map<String, Object> p = new HashMap<>();
        p.put("spring.kafka.consumer.group-id", group);
        p.put("benchline.secrets.keysets.customer-password.file", passwords);
        p.put("benchline.secrets.keysets.site-credentials.file", credentials);
        p.put("benchline.sites.allow-plain-http", "true");
        p.put("benchline.sites.domains", "localhost");
        // The dead member's partitions move on after its session (the broker's minimum), not after 45 s.
        p.put("spring.kafka.consumer.properties.session.timeout.ms", "6000");
        p.put("spring.kafka.consumer.properties.heartbeat.interval.ms", "1000");
        return p;
    }

    /**
     * The child JVM: the test's own class path, the instance id from {@code HOSTNAME} (the default a pod gets),
     * keysets as files (no secret on a command line).
     */
    private static Process startHalting(String instance, Map<String, Object> properties) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                HaltingUserService.class.getName()));
        command.addAll(List.of(RunningService.arguments(properties)));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("halting.log").toFile());
        builder.environment().put("HOSTNAME", instance);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        return builder.start();
    }

    /** A new group that starts after everything already on the topic: only this test's record is its work. */
    private static void startGroupAtTheEnd(String group) throws Exception {
        try (Admin admin = admin()) {
            String topic = Topic.KEYS_ACTIVE.topicName();
            if (!admin.listTopics().names().get().contains(topic)) {
                // Run alone, nothing created it yet (the service would, as it starts).
                admin.createTopics(List.of(new NewTopic(topic, Topic.KEYS_ACTIVE.partitions(), (short) 1)))
                        .all()
                        .get();
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < Topic.KEYS_ACTIVE.partitions(); p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, OffsetAndMetadata> ends = admin.listOffsets(latest).all().get().entrySet().stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey,
                            e -> new OffsetAndMetadata(e.getValue().offset())));
            admin.alterConsumerGroupOffsets(group, ends).all().get();
        }
    }

    /** A signup whose site URL is not its site: the service fails it (INVALID_REQUEST) without calling anyone. */
    private static KeysActive foreignSiteKeysActive(UUID tenant) {
        // A fresh sample, changed in place (a builder copy of nested records trips Avro's class allow-list here).
        KeysActive event = SampleEvents.keysActive(tenant);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        event.getSignup().setRequestedAt(now.minusSeconds(60));
        event.getSignup().setDeadlineAt(now.plus(30, ChronoUnit.MINUTES));
        event.getSite().setSiteUrl("http://127.0.0.1:9");
        return event;
    }

    private static List<ProvisioningFailed> committedFailures(UUID tenant) {
        List<SpecificRecord> events = TopicDump.events(tenant, Topic.PROVISIONING_FAILED);
        return events.stream().map(ProvisioningFailed.class::cast).toList();
    }

    /** This tenant's records on tenant.provisioning-failed, aborted and still open ones included. */
    private static long recordsOnTheBroker(UUID tenant) {
        return TopicDump.all(KafkaTestBroker.bootstrapServers()).stream()
                .filter(r -> r.topic().equals(Topic.PROVISIONING_FAILED.topicName())
                        && tenant.toString().equals(r.keyText()))
                .count();
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers()));
    }
}
