package io.benchline.operator.security;

import static org.awaitility.Awaitility.await;

import io.benchline.operator.OperatorApplication;
import io.benchline.operator.tenant.OperatorTopics;
import io.benchline.operator.tenant.TenantSnapshot;
import io.benchline.operator.tenant.TenantSnapshotJson;
import io.benchline.testing.KafkaTestBroker;
import io.benchline.testing.RunningService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * operator-service started as its process starts, on the test broker, accepting the tokens of a {@link TestTokens};
 * and the lifecycle's side of the contract played by the test: snapshots written to
 * {@link OperatorTopics#TENANT_STATES} as the lifecycle's store holds them (the snapshot under {@code snapshot}).
 */
public final class OperatorInstance implements AutoCloseable {

    /**
     * The test clients' own event loop and no connection pool: a Spring context using Reactor Netty's global resources
     * disposes them when it stops (ReactorResourceFactory), and a request caught on the disposed pool can wait out its
     * whole timeout (the likeliest cause of OperatorSecurityTests' one 30 s hang in CI, after a context failed to start).
     */
    private static final LoopResources CLIENT_LOOP = LoopResources.create("operator-test-client", 1, true);

    private final RunningService service;

    private OperatorInstance(RunningService service) {
        this.service = service;
    }

    /** Starts the service and waits until its readiness group is UP (the view has caught up). */
    public static OperatorInstance start(TestTokens tokens, Path stateDir) {
        declareTenantsTopic();
        OperatorInstance instance = new OperatorInstance(RunningService.start(
                new Class<?>[] {OperatorApplication.class, IsolatedNettyResources.class},
                properties(tokens, stateDir)));
        instance.awaitReady();
        return instance;
    }

    public static Map<String, Object> properties(TestTokens tokens, Path stateDir) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.security.oauth2.resourceserver.jwt.public-key-location", tokens.publicKeyLocation());
        properties.put("benchline.operator.security.issuer", TestTokens.ISSUER);
        properties.put("spring.kafka.streams.state-dir", stateDir.toString());
        return properties;
    }

    /** What Kafka Streams declares for the lifecycle's store in production: compacted, 12 partitions. */
    public static void declareTenantsTopic() {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers()))) {
            if (admin.listTopics().names().get().contains(OperatorTopics.TENANT_STATES)) {
                return;
            }
            admin.createTopics(List.of(new NewTopic(OperatorTopics.TENANT_STATES, 12, (short) 1)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A record value of {@link OperatorTopics#TENANT_STATES} holding {@code snapshot}, as the lifecycle's store
     * writes it: with its own fields of a tenant with nothing in flight, so a lifecycle that later restores its store
     * from the topic on the same broker reads it too.
     */
    public static byte[] stored(TenantSnapshot snapshot) {
        return TenantSnapshotJson.mapper()
                .writeValueAsBytes(Map.of(
                        "snapshot",
                        snapshot,
                        "siteSuspended",
                        false,
                        "operations",
                        Map.of(),
                        "recentEventIds",
                        List.of()));
    }

    /** Writes snapshots as the lifecycle does (key tenantId, JSON value) and waits for the broker's acks. */
    public static void writeSnapshots(List<TenantSnapshot> snapshots) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaTestBroker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (TenantSnapshot snapshot : snapshots) {
                producer.send(new ProducerRecord<>(OperatorTopics.TENANT_STATES, snapshot.tenantId(), stored(snapshot)))
                        .get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write snapshots", e);
        }
    }

    public String baseUrl() {
        return service.baseUrl();
    }

    public WebTestClient client() {
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(
                        HttpClient.create(ConnectionProvider.newConnection()).runOn(CLIENT_LOOP)))
                .baseUrl(baseUrl())
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** A client that sends {@code Authorization: Bearer <token>} on every request. */
    public WebTestClient client(String token) {
        return client().mutate()
                .defaultHeader("Authorization", "Bearer " + token)
                .build();
    }

    public RunningService service() {
        return service;
    }

    private void awaitReady() {
        WebTestClient client = client();
        await().atMost(Duration.ofSeconds(90))
                .until(() -> client.get()
                        .uri("/actuator/health/readiness")
                        .exchange()
                        .returnResult(String.class)
                        .getStatus()
                        .is2xxSuccessful());
    }

    @Override
    public void close() {
        service.close();
    }
}
