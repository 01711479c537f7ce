package io.benchline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.events.ProvisioningProgressed;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.StepPhase;
import io.benchline.schemas.AvroEventSerializer;
import io.benchline.schemas.Topic;
import io.benchline.testing.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class SignupTimelineTests {

    private static final Map<String, Object> CLIENT = Map.of("bootstrap.servers", KafkaTestBroker.bootstrapServers());

    @Test
    void listsTheTenantsRecordsInTimestampOrderRelativeToThePostAndLeavesOutOtherTenants() throws Exception {
        String tenant = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        String store = "timeline-store-" + UUID.randomUUID();
        long post = System.currentTimeMillis() - 10_000;
        ProvisioningProgressed step = ProvisioningProgressed.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(UUID.fromString(tenant))
                .setOccurredAt(Instant.ofEpochMilli(post))
                .setStep(ProvisioningStep.CLAIM_STANDBY)
                .setPhase(StepPhase.STARTED)
                .build();
        String progress = Topic.PROVISIONING_PROGRESS.topicName();
        Map<TopicPartition, Long> before = TopicRecords.endOffsets(CLIENT);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(CLIENT, new StringSerializer(), new ByteArraySerializer())) {
            RecordHeaders headers = new RecordHeaders();
            byte[] value = new AvroEventSerializer().serialize(progress, headers, step);
            // Sent out of order: the timeline orders by the records' timestamps.
            producer.send(new ProducerRecord<>(progress, 0, post + 40, tenant, value, headers))
                    .get();
            producer.send(new ProducerRecord<>(
                            store, 0, post + 12, "subdomain", bytes("{\"tenant\":\"" + tenant + "\"}")))
                    .get();
            producer.send(new ProducerRecord<>(store, 0, post + 20, other, bytes("another signup")))
                    .get();
        }
        Map<TopicPartition, Long> after = TopicRecords.endOffsets(CLIENT);

        String timeline = SignupTimeline.of(
                CLIENT,
                before,
                after,
                tenant,
                new HopLatencies.DriverTimes(post, post + 15, post + 55),
                Duration.ofSeconds(30));

        assertThat(timeline.lines().skip(1).map(String::strip))
                .containsExactly(
                        "+0  POST sent by the load driver",
                        "+12  " + store,
                        "+15  POST answered 202 (its claim committed)",
                        "+40  " + progress + " (ProvisioningProgressed CLAIM_STANDBY STARTED)",
                        "+55  SignupCompleted read (committed) by the load driver");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
