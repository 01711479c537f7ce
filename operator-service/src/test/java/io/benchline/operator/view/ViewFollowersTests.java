package io.benchline.operator.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.OperatorAction;
import io.benchline.events.OperatorCommandIssued;
import io.benchline.operator.security.OperatorInstance;
import io.benchline.operator.tenant.SignupState;
import io.benchline.operator.tenant.TenantSnapshot;
import io.benchline.operator.tenant.TenantState;
import io.benchline.platform.kafka.store.CompactedTopics;
import io.benchline.schemas.AvroEventSerializer;
import io.benchline.testing.KafkaTestBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * The view on the real broker, on topics of its own (new ones per test): not ready while its topics cannot be read (it
 * keeps trying), ready once it has read what they held at start, and following them from then on.
 */
class ViewFollowersTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final String tenantsTopic = "view-tests-tenants-" + UUID.randomUUID();
    private final String commandsTopic = "view-tests-commands-" + UUID.randomUUID();
    private final CompactedTopics topics = new CompactedTopics(kafkaProperties());
    private final TenantView tenants = new TenantView(topics, tenantsTopic, TIMEOUT);
    private final IssuedCommands commands = new IssuedCommands(topics, commandsTopic, TIMEOUT);

    @Test
    void notReadyWhileItsTopicsDoNotExistAndReadyOnceTheyDo() throws Exception {
        ViewFollowers followers = followers();
        ViewReadiness readiness = new ViewReadiness(followers);
        try {
            followers.start();
            // The topics do not exist yet (as on a fresh cluster before the lifecycle declared them).
            await().during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> readiness.health().getStatus().equals(Status.DOWN));

            createTopics();

            await().atMost(Duration.ofSeconds(30)).until(followers::ready);
            assertThat(readiness.health().getStatus()).isEqualTo(Status.UP);
        } finally {
            followers.stop();
        }
        assertThat(followers.ready()).isFalse();
    }

    /**
     * The records are on the topics before the view starts, so "ready" must include them (written while it was
     * already retrying, a record could land after the end offsets it reads to, and would only be followed).
     */
    @Test
    void readyOnlyOnceItHasReadWhatItsTopicsHeldThenFollowsThem() throws Exception {
        createTopics();
        TenantSnapshot before = snapshot();
        write(tenantsTopic, before.tenantId(), OperatorInstance.stored(before));
        UUID commandId = UUID.randomUUID();
        write(commandsTopic, before.tenantId(), command(before.tenantId(), commandId));
        ViewFollowers followers = followers();
        try {
            followers.start();

            await().atMost(Duration.ofSeconds(30)).until(followers::ready);
            assertThat(tenants.find(before.tenantId())).contains(before);
            assertThat(commands.find(commandId))
                    .hasValueSatisfying(c -> assertThat(c.getAction()).isEqualTo(OperatorAction.SUSPEND));

            TenantSnapshot after = snapshot();
            write(tenantsTopic, after.tenantId(), OperatorInstance.stored(after));
            assertThat(tenants.findLatest(after.tenantId())).contains(after);
            assertThat(tenants.list(s -> true, null, 10).items()).containsExactlyInAnyOrder(before, after);
        } finally {
            followers.stop();
        }
    }

    private ViewFollowers followers() {
        return new ViewFollowers(tenants, commands, Duration.ofMillis(200));
    }

    private void createTopics() throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers()))) {
            admin.createTopics(List.of(
                            new NewTopic(tenantsTopic, 3, (short) 1), new NewTopic(commandsTopic, 3, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static void write(String topic, String key, byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static byte[] command(String tenantId, UUID commandId) {
        OperatorCommandIssued command = OperatorCommandIssued.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(UUID.fromString(tenantId))
                .setOccurredAt(Instant.now())
                .setCommandId(commandId)
                .setAction(OperatorAction.SUSPEND)
                .setOperator("local-operator")
                .setIdempotencyKey("k")
                .build();
        try (AvroEventSerializer serializer = new AvroEventSerializer("/benchline/operator-service")) {
            return serializer.serialize("tenant.operator-commands", command);
        }
    }

    private static TenantSnapshot snapshot() {
        Instant now = Instant.parse("2026-11-28T09:00:00Z");
        return new TenantSnapshot(
                UUID.randomUUID().toString(),
                "acme",
                "Acme",
                "jane@acme.example",
                "free",
                "host-a",
                null,
                false,
                false,
                null,
                1,
                SignupState.ACCEPTED,
                TenantState.NONE,
                null,
                now,
                now,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static KafkaProperties kafkaProperties() {
        return new Binder(new MapConfigurationPropertySource(
                        Map.of("spring.kafka.bootstrap-servers", KafkaTestBroker.bootstrapServers())))
                .bind("spring.kafka", KafkaProperties.class)
                .get();
    }
}
