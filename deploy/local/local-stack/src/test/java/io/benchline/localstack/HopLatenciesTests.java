package io.benchline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.schemas.Topic;
import io.benchline.testing.KafkaTestBroker;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class HopLatenciesTests {

    private static final Map<String, Object> CLIENT = Map.of("bootstrap.servers", KafkaTestBroker.bootstrapServers());

    @Test
    void eachHopIsTheGapBetweenATenantsFirstRecordsOnTheTopicsThatMarkIt() throws Exception {
        String tenant = UUID.randomUUID().toString();
        long post = System.currentTimeMillis() - 10_000;
        Map<TopicPartition, Long> before = TopicRecords.endOffsets(CLIENT);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(CLIENT, new StringSerializer(), new StringSerializer())) {
            send(producer, Topic.TENANT_REQUESTED.topicName(), post + 10, tenant);
            send(producer, "provisioner.ledger", post + 40, tenant);
            send(producer, "provisioner.ledger", post + 70, tenant); // a later write: not the hop's end
            send(producer, Topic.SITE_PROVISIONED.topicName(), post + 100, tenant);
            send(producer, Topic.KEYS_ACTIVE.topicName(), post + 120, tenant);
            send(producer, Topic.SIGNUP_COMPLETED.topicName(), post + 150, tenant);
            send(producer, Topic.SIGNUP_COMPLETED.topicName(), post + 1, "a tenant the run did not send");
        }
        Map<TopicPartition, Long> after = TopicRecords.endOffsets(CLIENT);

        String report = HopLatencies.of(
                CLIENT,
                before,
                after,
                Map.of(tenant, new HopLatencies.DriverTimes(post, post + 30, post + 165)),
                Duration.ofSeconds(30));

        assertThat(report)
                .containsPattern("POST sent -> TenantRequested sent \\(signup\\)\\s+10\\s+10\\s+1")
                .containsPattern("POST sent -> answered 202 \\(claim committed\\)\\s+30\\s+30\\s+1")
                .containsPattern("TenantRequested -> provisioner's first ledger write\\s+30\\s+30\\s+1")
                .containsPattern("provisioner's first ledger write -> SiteProvisioned\\s+60\\s+60\\s+1")
                .containsPattern("SiteProvisioned -> KeysActive \\(verifier\\)\\s+20\\s+20\\s+1")
                .containsPattern("KeysActive -> SignupCompleted \\(user\\)\\s+30\\s+30\\s+1")
                .containsPattern("SignupCompleted -> read committed by the driver\\s+15\\s+15\\s+1");
    }

    private static void send(KafkaProducer<String, String> producer, String topic, long timestamp, String key)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, null, timestamp, key, "value"))
                .get();
    }
}
