package io.benchline.platform.kafka;

import io.benchline.schemas.EventMetadata;
import io.benchline.schemas.Topic;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Publishes a lifecycle event to its catalogue topic, keyed by tenantId so all of a tenant's events keep their
 * order within one partition. The serializer adds the CloudEvents headers.
 */
public class EventPublisher {

    private final KafkaTemplate<String, SpecificRecord> template;

    public EventPublisher(KafkaTemplate<String, SpecificRecord> template) {
        this.template = template;
    }

    public CompletableFuture<SendResult<String, SpecificRecord>> publish(SpecificRecord event) {
        Topic topic = Topic.byEventType(event.getClass())
                .orElseThrow(() -> new IllegalArgumentException(
                        event.getClass().getSimpleName() + " has no topic in the catalogue"));
        return template.send(
                topic.topicName(), EventMetadata.of(event).tenantId().toString(), event);
    }
}
