package io.benchline.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.TenantRequested;
import io.benchline.schemas.AvroEventDeserializer;
import io.benchline.schemas.CloudEventHeaders;
import io.benchline.schemas.EventMetadata;
import io.benchline.schemas.SampleEvents;
import io.benchline.schemas.Topic;
import io.benchline.testing.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Every event through a real broker, and a poison record that goes to its dead-letter topic without a stall. */
@SpringBootTest(
        classes = KafkaPlatformIntegrationTests.App.class,
        properties = {
            "spring.kafka.consumer.auto-offset-reset=earliest",
            "spring.kafka.consumer.group-id=platform-tests",
            "spring.kafka.producer.value-serializer=io.benchline.schemas.AvroEventSerializer",
            "spring.application.name=platform-tests",
            "spring.kafka.consumer.value-deserializer=org.springframework.kafka.support.serializer.ErrorHandlingDeserializer",
            "spring.kafka.consumer.properties.spring.deserializer.value.delegate.class=io.benchline.schemas.AvroEventDeserializer",
            "benchline.kafka.listener-retries=0"
        })
class KafkaPlatformIntegrationTests {

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KafkaTestBroker::bootstrapServers);
    }

    @Autowired
    EventPublisher publisher;

    @Autowired
    App app;

    @Test
    void everyEventTypeRoundTripsWithItsCloudEventsHeaders() throws Exception {
        UUID tenant = UUID.randomUUID();
        List<SpecificRecord> events = SampleEvents.oneOfEach(tenant);
        for (SpecificRecord event : events) {
            publisher.publish(event).get();
        }

        for (SpecificRecord event : events) {
            Topic topic = Topic.byEventType(event.getClass()).orElseThrow();
            ConsumerRecord<String, SpecificRecord> record = readOne(topic.topicName(), tenant.toString());
            EventMetadata meta = EventMetadata.of(event);

            assertThat(record.value()).isEqualTo(event);
            assertThat(record.key()).isEqualTo(tenant.toString());
            assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(header(record, "ce_id")).isEqualTo(meta.eventId().toString());
            assertThat(header(record, "ce_type")).isEqualTo(topic.cloudEventType());
            assertThat(header(record, "ce_source")).isEqualTo("/benchline/platform-tests");
            assertThat(header(record, "ce_time")).isEqualTo(meta.occurredAt().toString());
            assertThat(header(record, "ce_subject")).isEqualTo(tenant.toString());
            assertThat(header(record, "content-type")).isEqualTo(CloudEventHeaders.AVRO_CONTENT_TYPE);
        }
    }

    @Test
    void poisonRecordGoesToItsDeadLetterTopicAndThePartitionKeepsFlowing() throws Exception {
        String key = UUID.randomUUID().toString();
        byte[] poison = "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8);
        TenantRequested good = SampleEvents.tenantRequested(UUID.fromString(key));
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topic.TENANT_REQUESTED.topicName(), key, poison))
                    .get();
        }
        // Same key, so same partition, right behind the poison record.
        publisher.publish(good).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> app.received.contains(good));
        ConsumerRecord<String, byte[]> dead = readRaw(Topic.TENANT_REQUESTED.deadLetterTopicName(), key);
        assertThat(dead.value()).isEqualTo(poison);
        assertThat(new String(
                        dead.headers().lastHeader("kafka_dlt-original-topic").value(), StandardCharsets.UTF_8))
                .isEqualTo(Topic.TENANT_REQUESTED.topicName());
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static ConsumerRecord<String, SpecificRecord> readOne(String topic, String key) {
        try (KafkaConsumer<String, SpecificRecord> consumer =
                new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), new AvroEventDeserializer())) {
            return firstWithKey(consumer, topic, key);
        }
    }

    private static ConsumerRecord<String, byte[]> readRaw(String topic, String key) {
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer())) {
            return firstWithKey(consumer, topic, key);
        }
    }

    private static <V> ConsumerRecord<String, V> firstWithKey(
            KafkaConsumer<String, V> consumer, String topic, String key) {
        consumer.subscribe(List.of(topic));
        List<ConsumerRecord<String, V>> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                if (key.equals(r.key())) {
                    found.add(r);
                }
            });
            return !found.isEmpty();
        });
        return found.get(0);
    }

    private static Map<String, Object> consumerConfig() {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaTestBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        final List<SpecificRecord> received = new CopyOnWriteArrayList<>();

        @KafkaListener(topics = "tenant.requested")
        void on(TenantRequested event) {
            received.add(event);
        }
    }
}
