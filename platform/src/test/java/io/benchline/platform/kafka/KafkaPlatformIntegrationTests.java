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
import io.benchline.testing.Publish;
import io.benchline.testing.TopicDump;
import io.benchline.testing.TopicDump.RawRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.specific.SpecificRecord;
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
            RawRecord record = awaitRecord(topic.topicName(), tenant.toString());
            EventMetadata meta = EventMetadata.of(event);

            assertThat(new AvroEventDeserializer().deserialize(topic.topicName(), record.value()))
                    .isEqualTo(event);
            assertThat(record.keyText()).isEqualTo(tenant.toString());
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
        Publish.raw(Topic.TENANT_REQUESTED.topicName(), key, poison);
        // Same key, so same partition, right behind the poison record.
        publisher.publish(good).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> app.received.contains(good));
        RawRecord dead = awaitRecord(Topic.TENANT_REQUESTED.deadLetterTopicName(), key);
        assertThat(dead.value()).isEqualTo(poison);
        assertThat(dead.headers().get("kafka_dlt-original-topic")).isEqualTo(Topic.TENANT_REQUESTED.topicName());
    }

    private static String header(RawRecord record, String name) {
        return record.headers().get(name);
    }

    /** The first record under {@code key} on {@code topic}, once it is there. */
    private static RawRecord awaitRecord(String topic, String key) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> TopicDump.of(KafkaTestBroker.bootstrapServers(), topic).stream()
                                .filter(r -> key.equals(r.keyText()))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
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
