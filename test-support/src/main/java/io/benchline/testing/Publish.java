package io.benchline.testing;

import io.benchline.schemas.AvroEventSerializer;
import io.benchline.schemas.EventMetadata;
import io.benchline.schemas.Topic;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes to the shared test broker as another service would: an event on its catalogue topic keyed by its
 * tenantId, with CloudEvents headers naming {@code source}; or raw bytes, for what no service could decode.
 */
public final class Publish {

    private Publish() {}

    /**
     * @param source the CloudEvents source of the stage that writes it, e.g. {@code /benchline/verifier-service}
     */
    public static RecordMetadata event(String source, SpecificRecord event) {
        Topic topic = Topic.byEventType(event.getClass())
                .orElseThrow(() -> new IllegalArgumentException(event.getClass().getSimpleName() + " has no topic"));
        try (KafkaProducer<String, SpecificRecord> producer =
                new KafkaProducer<>(config(), new StringSerializer(), new AvroEventSerializer(source))) {
            return producer.send(new ProducerRecord<>(
                            topic.topicName(),
                            EventMetadata.of(event).tenantId().toString(),
                            event))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish " + event.getClass().getSimpleName(), e);
        }
    }

    /** Raw bytes under {@code key}, e.g. an unreadable record for the dead-letter path. */
    public static RecordMetadata raw(String topicName, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config(), new StringSerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topicName, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish to " + topicName, e);
        }
    }

    private static Map<String, Object> config() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers());
    }
}
