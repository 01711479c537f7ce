package io.benchline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.testing.KafkaTestBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class TopicRecordsTests {

    private static final TopicPartition EVENTS_0 = new TopicPartition("tenant.events", 0);
    private static final TopicPartition EVENTS_1 = new TopicPartition("tenant.events", 1);
    private static final TopicPartition CHANGELOG = new TopicPartition("app-store-changelog", 0);
    private static final TopicPartition IDLE = new TopicPartition("idle", 0);

    @Test
    void sumsEachTopicsPartitionsOverTheRunAndLeavesOutTopicsNothingWasWrittenTo() {
        Map<TopicPartition, Long> before = Map.of(EVENTS_0, 10L, EVENTS_1, 5L, IDLE, 7L);
        // The changelog appeared during the run: it started at offset 0.
        Map<TopicPartition, Long> after = Map.of(EVENTS_0, 16L, EVENTS_1, 9L, CHANGELOG, 4L, IDLE, 7L);
        Map<TopicPartition, Long> records = Map.of(EVENTS_0, 4L, EVENTS_1, 2L, CHANGELOG, 4L);

        List<TopicRecords.Row> rows = TopicRecords.rows(before, after, records);

        assertThat(rows)
                .containsExactly(
                        new TopicRecords.Row("tenant.events", 10, 6),
                        new TopicRecords.Row("app-store-changelog", 4, 4));
        assertThat(TopicRecords.report(rows, 2))
                .contains("2 completed signups")
                .containsPattern("tenant\\.events\\s+3\\.0\\s+5\\.0\\s+6\\s+10")
                .containsPattern("app-store-changelog\\s+2\\.0\\s+2\\.0\\s+4\\s+4")
                .containsPattern("all topics\\s+5\\.0\\s+7\\.0\\s+10\\s+14");
    }

    @Test
    void aTopicWithAPartitionNotReadBackHasOnlyItsOffsets() {
        Map<TopicPartition, Long> before = Map.of(EVENTS_0, 0L, EVENTS_1, 0L);
        Map<TopicPartition, Long> after = Map.of(EVENTS_0, 3L, EVENTS_1, 3L);

        List<TopicRecords.Row> rows = TopicRecords.rows(before, after, Map.of(EVENTS_0, 2L));

        assertThat(rows).containsExactly(new TopicRecords.Row("tenant.events", 6, -1));
        assertThat(TopicRecords.report(rows, 3))
                .containsPattern("tenant\\.events\\s+\\?\\s+2\\.0\\s+\\?\\s+6")
                .containsPattern("all topics\\s+>=0\\.0\\s+2\\.0\\s+>=0\\s+6");
    }

    @Test
    void readingBackCountsTheRecordsAndNotTheTransactionMarkers() throws Exception {
        Map<String, Object> client = Map.of("bootstrap.servers", KafkaTestBroker.bootstrapServers());
        String topic = "topic-records-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = producer(client, null)) {
            producer.send(new ProducerRecord<>(topic, 0, "k", "created before the run"))
                    .get();
        }
        Map<TopicPartition, Long> before = TopicRecords.endOffsets(client);
        try (KafkaProducer<String, String> producer = producer(client, "topic-records-" + UUID.randomUUID())) {
            producer.initTransactions();
            for (int transaction = 0; transaction < 2; transaction++) {
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, 0, "k", "a"));
                producer.send(new ProducerRecord<>(topic, 0, "k", "b"));
                producer.commitTransaction();
            }
        }
        Map<TopicPartition, Long> after = TopicRecords.endOffsets(client);

        Map<TopicPartition, Long> read = TopicRecords.readBack(client, before, after, Duration.ofSeconds(30))
                .records();

        TopicPartition partition = new TopicPartition(topic, 0);
        // Four records and two commit markers took six offsets.
        assertThat(after.get(partition) - before.get(partition)).isEqualTo(6);
        assertThat(read).containsEntry(partition, 4L);
        assertThat(TopicRecords.rows(before, after, read)).contains(new TopicRecords.Row(topic, 6, 4));
    }

    @Test
    void attributesTheOffsetCommitsToTheirGroupAndTheTransactionStateToItsTransactionalIdWithoutTheInstance()
            throws Exception {
        Map<String, Object> client = Map.of("bootstrap.servers", KafkaTestBroker.bootstrapServers());
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = "bookkeeping-" + run;
        String plainGroup = "plain-" + run;
        String streamsGroup = "app" + run + ".streams";
        try (Admin admin = Admin.create(client)) { // two partitions, before the run
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        Map<TopicPartition, Long> before = TopicRecords.endOffsets(client);

        // A group that only commits (assigned, no membership): three commits of two partitions each, the last one
        // naming partition 0's offset again.
        try (KafkaConsumer<String, String> consumer = consumer(client, plainGroup)) {
            for (long offset = 1; offset <= 3; offset++) {
                consumer.commitSync(Map.of(
                        new TopicPartition(topic, 0), new OffsetAndMetadata(Math.min(offset, 2)),
                        new TopicPartition(topic, 1), new OffsetAndMetadata(offset)));
            }
        }
        // Two instances of a Streams-like transactional writer committing a partition's offset in each transaction:
        // two commits each, and the second instance aborts a third.
        for (int instance = 1; instance <= 2; instance++) {
            try (KafkaProducer<String, String> producer =
                    producer(client, streamsGroup + "-" + UUID.randomUUID() + "-" + instance)) {
                producer.initTransactions();
                for (int transaction = 0; transaction < 2; transaction++) {
                    producer.beginTransaction();
                    producer.send(new ProducerRecord<>(topic, 1, "k", "v"));
                    producer.sendOffsetsToTransaction(
                            Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(transaction + 1)),
                            new ConsumerGroupMetadata(streamsGroup));
                    producer.commitTransaction();
                }
                if (instance == 2) {
                    producer.beginTransaction();
                    producer.send(new ProducerRecord<>(topic, 1, "k", "aborted"));
                    producer.abortTransaction();
                }
            }
        }
        Map<TopicPartition, Long> after = TopicRecords.endOffsets(client);

        BookkeepingWriters writers = TopicRecords.readBack(client, before, after, Duration.ofSeconds(30))
                .writers();

        assertThat(writers.groups())
                .contains(new BookkeepingWriters.Group(plainGroup, 6, 6, 1, 2))
                .contains(new BookkeepingWriters.Group(streamsGroup, 4, 4, 0, 1));
        BookkeepingWriters.Transactions streams = writers.transactions().stream()
                .filter(t -> t.writer().equals(streamsGroup + "-…"))
                .findFirst()
                .orElseThrow();
        assertThat(streams.commits()).isEqualTo(4);
        assertThat(streams.aborts()).isEqualTo(1);
        assertThat(streams.ids()).isEqualTo(2);
        // Each transaction writes at least its start, its prepare and its completion to the transaction state.
        assertThat(streams.records()).isGreaterThanOrEqualTo(3 * 5);
        assertThat(writers.report(2))
                .containsPattern(Pattern.quote(plainGroup) + "\\s+3\\.0\\s+3\\.0\\s+0\\.5\\s+0\\.0\\s+6\\s+2")
                .containsPattern(Pattern.quote(streamsGroup) + "\\s+2\\.0\\s+2\\.0\\s+0\\.0\\s+0\\.0\\s+4\\s+1")
                .containsPattern(Pattern.quote(streamsGroup + "-…") + "\\s+[0-9.]+\\s+2\\.0\\s+0\\.5\\s+\\d+\\s+2");
    }

    @Test
    void aTransactionalIdLosesItsInstanceSuffixOnly() {
        assertThat(BookkeepingWriters.writerOf("signup.streams-3f2a1c9e-8d4b-4c1a-9e2f-0123456789ab-1"))
                .isEqualTo("signup.streams-…");
        assertThat(BookkeepingWriters.writerOf("signup.streams-3f2a1c9e-8d4b-4c1a-9e2f-0123456789ab"))
                .isEqualTo("signup.streams-…");
        assertThat(BookkeepingWriters.writerOf("user-service-host-12")).isEqualTo("user-service-host-…");
        assertThat(BookkeepingWriters.writerOf("provisioner-tx")).isEqualTo("provisioner-tx");
    }

    private static KafkaConsumer<String, String> consumer(Map<String, Object> client, String group) {
        Map<String, Object> config = new java.util.HashMap<>(client);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> client, String transactionalId) {
        Map<String, Object> config = new java.util.HashMap<>(client);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        if (transactionalId != null) {
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }
}
