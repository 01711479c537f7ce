package io.benchline.platform.kafka.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.benchline.testing.CapturedLogs;
import io.benchline.testing.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;

/** Both kinds of store on the real broker, with their clients configured from {@code spring.kafka.*} properties. */
class CompactedTopicsTests {

    private static final int PARTITIONS = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String UNREADABLE = "unreadable:personal-data-that-must-not-be-logged";

    /** Strings, except one value that cannot be decoded. */
    private static final ValueCodec<String> STRINGS = new ValueCodec<>() {
        @Override
        public byte[] encode(String value) {
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
            String value = new String(bytes, StandardCharsets.UTF_8);
            if (value.equals(UNREADABLE)) {
                throw new IllegalArgumentException("not a value");
            }
            return value;
        }
    };

    private static Admin admin;

    private final CompactedTopics topics = new CompactedTopics(kafkaProperties(Map.of()));

    @BeforeAll
    static void connect() {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers()));
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @Test
    void loadReturnsTheLatestValueOfEveryKeyWrittenBeforeIt() throws Exception {
        String topic = newTopic();
        try (KafkaProducer<String, String> producer = producer(null)) {
            for (int i = 0; i < 50; i++) {
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, "key-" + i, "first-" + i));
            }
            producer.send(new ProducerRecord<>(topic, 1, "key-1", "second-1"));
            producer.flush();
        }

        try (AssignedPartitionsStore<String> store = topics.assignedPartitions(topic, "test", STRINGS, TIMEOUT)) {
            Map<Integer, Map<String, String>> loaded = store.load(List.of(0, 1, 2));

            assertThat(loaded.values().stream().mapToInt(Map::size).sum()).isEqualTo(50);
            assertThat(loaded.get(1)).containsEntry("key-1", "second-1").containsEntry("key-4", "first-4");
            assertThat(store.find("key-1")).contains("second-1");
            assertThat(store.find("key-49")).contains("first-49");
        }
    }

    @Test
    void aStoreGivenTheServicesProducerWritesThroughItAndLeavesItOpen() throws Exception {
        String topic = newTopic();
        try (KafkaProducer<String, byte[]> service = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            CompactedTopics sharing = new CompactedTopics(kafkaProperties(Map.of()), null, () -> service);
            try (AssignedPartitionsStore<String> store = sharing.assignedPartitions(topic, "test", STRINGS, TIMEOUT)) {
                store.load(List.of(0));
                store.write(0, "tenant", "accepted");
                assertThat(store.find("tenant")).contains("accepted");
            }

            assertThat(service.metrics().entrySet().stream()
                            .filter(m -> m.getKey().name().equals("record-send-total")
                                    && m.getKey().group().equals("producer-metrics"))
                            .mapToDouble(m -> ((Number) m.getValue().metricValue()).doubleValue())
                            .sum())
                    .isEqualTo(1.0);
            // Still open after the store closed: the service's other writes go on.
            service.send(new ProducerRecord<>(topic, 1, "after", "x".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        }
        try (AssignedPartitionsStore<String> store = topics.assignedPartitions(topic, "test", STRINGS, TIMEOUT)) {
            assertThat(store.load(List.of(0, 1)))
                    .isEqualTo(Map.of(0, Map.of("tenant", "accepted"), 1, Map.of("after", "x")));
        }
    }

    @Test
    void loadKeepsOnlyTheGivenPartitionsAndForgetDropsThem() throws Exception {
        String topic = newTopic();
        try (KafkaProducer<String, String> producer = producer(null)) {
            producer.send(new ProducerRecord<>(topic, 0, "in-0", "a"));
            producer.send(new ProducerRecord<>(topic, 2, "in-2", "b"));
            producer.flush();
        }

        try (AssignedPartitionsStore<String> store = topics.assignedPartitions(topic, "test", STRINGS, TIMEOUT)) {
            assertThat(store.load(List.of(0, 1))).isEqualTo(Map.of(0, Map.of("in-0", "a"), 1, Map.of()));
            assertThat(store.find("in-2")).isEmpty();

            store.forget(List.of(0));

            assertThat(store.find("in-0")).isEmpty();
        }
    }

    @Test
    void writeReturnsOnceDurableAndALoadedPartitionShowsIt() throws Exception {
        String topic = newTopic();
        try (AssignedPartitionsStore<String> store = topics.assignedPartitions(topic, "test", STRINGS, TIMEOUT)) {
            store.load(List.of(1));

            store.write(1, "tenant", "accepted");
            store.writeAsync(2, "elsewhere", "not loaded").get(30, TimeUnit.SECONDS);

            assertThat(store.find("tenant")).contains("accepted");
            assertThat(store.find("elsewhere")).isEmpty();
        }
        try (AssignedPartitionsStore<String> another = topics.assignedPartitions(topic, "test", STRINGS, TIMEOUT)) {
            assertThat(another.read(List.of(1, 2)))
                    .isEqualTo(Map.of(1, Map.of("tenant", "accepted"), 2, Map.of("elsewhere", "not loaded")));
            assertThat(another.find("tenant")).as("read keeps nothing").isEmpty();
        }
    }

    @Test
    void tombstonesRemoveTheirKey() throws Exception {
        String topic = newTopic();
        try (KafkaProducer<String, String> producer = producer(null)) {
            producer.send(new ProducerRecord<>(topic, 0, "gone", "value"));
            producer.send(new ProducerRecord<>(topic, 0, "kept", "value"));
            producer.send(new ProducerRecord<>(topic, 0, "gone", null));
            producer.flush();
        }

        try (AssignedPartitionsStore<String> store = topics.assignedPartitions(topic, "test", STRINGS, TIMEOUT);
                FollowedTopicView<String> view = topics.followed(topic, "test", STRINGS, TIMEOUT)) {
            assertThat(store.load(List.of(0))).isEqualTo(Map.of(0, Map.of("kept", "value")));
            view.start();
            assertThat(view.find("gone")).isEmpty();
            assertThat(view.find("kept")).contains("value");
        }
    }

    @Test
    void viewKeyedByValueKeepsEveryValueOfOneRecordKey() throws Exception {
        String topic = newTopic();
        try (KafkaProducer<String, String> producer = producer(null)) {
            producer.send(new ProducerRecord<>(topic, 1, "tenant", "first"));
            producer.send(new ProducerRecord<>(topic, 1, "tenant", "second"));
            producer.flush();
        }

        try (FollowedTopicView<String> view = topics.followedBy(topic, "test", STRINGS, value -> value, TIMEOUT)) {
            view.start();
            assertThat(view.find("first")).contains("first");
            assertThat(view.find("second")).contains("second");
            assertThat(view.find("tenant")).isEmpty();
            assertThat(view.values()).containsExactlyInAnyOrder("first", "second");
        }
    }

    @Test
    void unreadableRecordIsLoggedByPositionOnlyAndSkipped() throws Exception {
        String topic = newTopic();
        try (KafkaProducer<String, String> producer = producer(null)) {
            producer.send(new ProducerRecord<>(topic, 0, "key", "readable"));
            producer.send(new ProducerRecord<>(topic, 0, "key", UNREADABLE));
            producer.send(new ProducerRecord<>(topic, 0, "other", "readable too"));
            producer.flush();
        }

        try (CapturedLogs logs = CapturedLogs.start();
                AssignedPartitionsStore<String> store = topics.assignedPartitions(topic, "test", STRINGS, TIMEOUT)) {
            assertThat(store.load(List.of(0))).isEqualTo(Map.of(0, Map.of("key", "readable", "other", "readable too")));
            assertThat(logs.lines()).anyMatch(line -> line.contains(topic + "-0@1"));
            assertThat(logs.lines()).noneMatch(line -> line.contains("personal-data"));
        }
    }

    @Test
    void followedViewWaitsForATopicCreatedAfterItStarted() throws Exception {
        String topic = "store-tests-" + UUID.randomUUID();
        try (FollowedTopicView<String> view = topics.followed(topic, "test", STRINGS, TIMEOUT)) {
            CompletableFuture<Void> started = CompletableFuture.runAsync(view::start);
            // It cannot finish without the topic; it must still be waiting, not have given up.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !started.isDone());

            createTopic(topic);
            try (KafkaProducer<String, String> producer = producer(null)) {
                producer.send(new ProducerRecord<>(topic, 2, "key", "value")).get();
            }

            started.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            view.awaitCommitted();
            assertThat(view.find("key")).contains("value");
        }
    }

    @Test
    void followedViewSeesWhatAnotherProducerCommittedOnceItAwaitsCommitted() throws Exception {
        String topic = newTopic();
        try (FollowedTopicView<String> view = topics.followed(topic, "test", STRINGS, TIMEOUT);
                KafkaProducer<String, String> producer = producer("committer-" + UUID.randomUUID())) {
            view.start();
            producer.initTransactions();
            for (int i = 0; i < 5; i++) {
                producer.beginTransaction();
                RecordMetadata sent = producer.send(
                                new ProducerRecord<>(topic, i % PARTITIONS, "tenant-" + i, "done-" + i))
                        .get();
                producer.commitTransaction();
                awaitStable(sent);

                view.awaitCommitted();

                // No waiting beyond awaitCommitted: it alone must make the committed value visible.
                assertThat(view.find("tenant-" + i)).contains("done-" + i);
            }
            assertThat(view.size()).isEqualTo(5);
        }
    }

    @Test
    void abortedTransactionsNeverShow() throws Exception {
        String topic = newTopic();
        try (KafkaProducer<String, String> producer = producer("aborter-" + UUID.randomUUID())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "aborted", "never"));
            producer.send(new ProducerRecord<>(topic, 0, "key", "aborted value"));
            // On the log before the abort: otherwise the test could pass on records never written, and a send still
            // being retried on the brand-new topic (NOT_LEADER_OR_FOLLOWER) raced the abort (InvalidTxnState in CI).
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "key", "committed"));
            producer.commitTransaction();
        }

        try (AssignedPartitionsStore<String> store = topics.assignedPartitions(topic, "test", STRINGS, TIMEOUT);
                FollowedTopicView<String> view = topics.followed(topic, "test", STRINGS, TIMEOUT)) {
            assertThat(store.load(List.of(0))).isEqualTo(Map.of(0, Map.of("key", "committed")));
            view.start();
            assertThat(view.find("aborted")).isEmpty();
            assertThat(view.find("key")).contains("committed");
        }
    }

    @Test
    void aTransactionLeftOpenHoldsNoReaderBackAndStaysInvisible() throws Exception {
        String topic = newTopic();
        try (KafkaProducer<String, String> plain = producer(null)) {
            plain.send(new ProducerRecord<>(topic, 0, "before", "committed")).get();
        }
        try (KafkaProducer<String, String> producer = producer("open-" + UUID.randomUUID())) {
            producer.initTransactions();
            producer.beginTransaction();
            RecordMetadata open = producer.send(new ProducerRecord<>(topic, 0, "open", "not yet"))
                    .get();

            try (AssignedPartitionsStore<String> store = topics.assignedPartitions(topic, "test", STRINGS, TIMEOUT);
                    FollowedTopicView<String> view = topics.followed(topic, "test", STRINGS, TIMEOUT)) {
                assertThat(store.load(List.of(0))).isEqualTo(Map.of(0, Map.of("before", "committed")));
                view.start();
                assertThat(view.find("before")).contains("committed");
                assertThat(view.find("open")).isEmpty();

                producer.commitTransaction();
                awaitStable(open);
                view.awaitCommitted();

                assertThat(view.find("open")).contains("not yet");
            }
        }
    }

    @Test
    void readThatCannotReachTheEndFailsNamingTopicAndTimeout() {
        String topic = "store-tests-" + UUID.randomUUID();
        Duration shortly = Duration.ofSeconds(2);
        CompactedTopics unreachable = new CompactedTopics(kafkaProperties(Map.of(
                "spring.kafka.bootstrap-servers", "127.0.0.1:1",
                "spring.kafka.properties[reconnect.backoff.max.ms]", "200")));

        try (AssignedPartitionsStore<String> store = unreachable.assignedPartitions(topic, "test", STRINGS, shortly);
                FollowedTopicView<String> view = unreachable.followed(topic, "test", STRINGS, shortly)) {
            assertThatThrownBy(() -> store.load(List.of(0)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(topic)
                    .hasMessageContaining(shortly.toString());
            assertThatThrownBy(view::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(topic)
                    .hasMessageContaining(shortly.toString());
        }
    }

    /**
     * The broker speaks PLAINTEXT; a client that got {@code spring.kafka.security.protocol=SASL_PLAINTEXT} and the
     * SASL settings from {@code spring.kafka.properties} cannot talk to it, one built from the bootstrap servers
     * alone could.
     */
    @Test
    void securitySettingsFromSpringPropertiesReachEveryClient() throws Exception {
        String topic = newTopic();
        Duration shortly = Duration.ofSeconds(3);
        KafkaProperties secured = kafkaProperties(Map.of(
                "spring.kafka.security.protocol",
                "SASL_PLAINTEXT",
                "spring.kafka.properties[sasl.mechanism]",
                "PLAIN",
                "spring.kafka.properties[sasl.jaas.config]",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";"));
        CompactedTopics securedTopics = new CompactedTopics(secured);

        try (AssignedPartitionsStore<String> plain = topics.assignedPartitions(topic, "test", STRINGS, shortly)) {
            assertThat(plain.read(List.of(0)))
                    .as("the same read over plaintext")
                    .isEqualTo(Map.of(0, Map.of()));
        }
        try (AssignedPartitionsStore<String> store = securedTopics.assignedPartitions(topic, "test", STRINGS, shortly);
                FollowedTopicView<String> view = securedTopics.followed(topic, "test", STRINGS, shortly)) {
            // The consumer, the producer and (first thing a view starts) the admin client each try SASL.
            assertThatThrownBy(() -> store.read(List.of(0)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasRootCauseInstanceOf(AuthenticationException.class);
            assertThatThrownBy(() -> store.writeAsync(0, "key", "value").get(10, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(AuthenticationException.class);
            assertThatThrownBy(view::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasRootCauseInstanceOf(AuthenticationException.class);
        }
        StoreClients clients = new StoreClients(secured, null, topic, "test", null);
        for (Map<String, Object> config :
                List.of(clients.readerConfig(), clients.writerConfig(), clients.adminConfig())) {
            assertThat(config)
                    .containsEntry("security.protocol", "SASL_PLAINTEXT")
                    .containsEntry("sasl.mechanism", "PLAIN")
                    .containsKey("sasl.jaas.config");
        }
    }

    /**
     * Boot's own clients take the bootstrap servers and {@code spring.kafka.ssl.bundle} from its connection details
     * (a {@code @ServiceConnection}, an SSL bundle); so do the stores'.
     */
    @Test
    void connectionDetailsReachEveryClient() throws Exception {
        String topic = newTopic();
        KafkaProperties elsewhere = kafkaProperties(Map.of("spring.kafka.bootstrap-servers", "127.0.0.1:1"));
        KafkaConnectionDetails broker = () -> List.of(KafkaTestBroker.bootstrapServers());

        try (AssignedPartitionsStore<String> store =
                new CompactedTopics(elsewhere, broker).assignedPartitions(topic, "test", STRINGS, TIMEOUT)) {
            store.write(0, "key", "value");
            assertThat(store.read(List.of(0))).isEqualTo(Map.of(0, Map.of("key", "value")));
        }

        SslBundle bundle = SslBundle.systemDefault();
        KafkaConnectionDetails withBundle = new KafkaConnectionDetails() {
            @Override
            public List<String> getBootstrapServers() {
                return List.of(KafkaTestBroker.bootstrapServers());
            }

            @Override
            public SslBundle getSslBundle() {
                return bundle;
            }

            @Override
            public String getSecurityProtocol() {
                return "SSL";
            }
        };
        StoreClients clients = new StoreClients(elsewhere, withBundle, topic, "test", null);
        for (Map<String, Object> config :
                List.of(clients.readerConfig(), clients.writerConfig(), clients.adminConfig())) {
            assertThat(config)
                    .containsEntry("bootstrap.servers", List.of(KafkaTestBroker.bootstrapServers()))
                    .containsEntry("security.protocol", "SSL")
                    .containsEntry(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class)
                    .containsEntry(SslBundle.class.getName(), bundle);
        }
    }

    /**
     * {@code commitTransaction()} returns once the commit is decided; the broker writes the markers that make the
     * records readable a moment later. "Committed" for a reader means past the last stable offset.
     */
    private static void awaitStable(RecordMetadata record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        await().atMost(TIMEOUT)
                .until(() -> admin.listOffsets(
                                        Map.of(partition, OffsetSpec.latest()),
                                        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                                .partitionResult(partition)
                                .get()
                                .offset()
                        > record.offset());
    }

    private static KafkaProperties kafkaProperties(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>();
        all.put("spring.kafka.bootstrap-servers", KafkaTestBroker.bootstrapServers());
        // What a service's listeners use; a store must not join their group nor read uncommitted.
        all.put("spring.kafka.consumer.group-id", "some-service");
        all.put("spring.kafka.consumer.isolation-level", "read-uncommitted");
        all.putAll(properties);
        return new Binder(new MapConfigurationPropertySource(all))
                .bind("spring.kafka", KafkaProperties.class)
                .get();
    }

    private static String newTopic() throws Exception {
        String topic = "store-tests-" + UUID.randomUUID();
        createTopic(topic);
        return topic;
    }

    private static void createTopic(String topic) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, Optional.of(PARTITIONS), Optional.empty())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                .all()
                .get(30, TimeUnit.SECONDS);
    }

    private static KafkaProducer<String, String> producer(String transactionalId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers());
        if (transactionalId != null) {
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }
}
