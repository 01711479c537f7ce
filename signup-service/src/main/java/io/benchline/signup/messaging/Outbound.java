package io.benchline.signup.messaging;

import io.benchline.schemas.AvroEventSerializer;
import io.benchline.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * Where each record the topology emits goes, and how it is written: lifecycle events to their catalogue topic in
 * Avro with CloudEvents headers, internal records to signup's own topics in JSON.
 */
final class Outbound implements TopicNameExtractor<String, Object>, Serializer<Object> {

    private final AvroEventSerializer avro;
    private final JsonSerde<Object> json = new JsonSerde<>(Object.class);

    Outbound(String cloudEventsSource) {
        this.avro = new AvroEventSerializer(cloudEventsSource);
    }

    @Override
    public String extract(String key, Object value, RecordContext context) {
        return topicOf(value);
    }

    static String topicOf(Object value) {
        if (value instanceof SpecificRecord event) {
            return Topic.byEventType(event.getClass())
                    .orElseThrow(() -> new IllegalArgumentException("no topic for " + event.getClass()))
                    .topicName();
        }
        if (value instanceof ClaimCommand) {
            return InternalTopics.CLAIMS;
        }
        if (value instanceof ClaimDecision) {
            return InternalTopics.DECISIONS;
        }
        if (value instanceof TenantCommand) {
            return InternalTopics.TENANT_COMMANDS;
        }
        if (value instanceof TenantDecision) {
            return InternalTopics.TENANT_DECISIONS;
        }
        throw new IllegalArgumentException("no topic for " + value.getClass());
    }

    @Override
    public byte[] serialize(String topic, Headers headers, Object value) {
        if (value instanceof SpecificRecord event) {
            return avro.serialize(topic, headers, event);
        }
        return json.serializer().serialize(topic, value);
    }

    @Override
    public byte[] serialize(String topic, Object value) {
        if (value instanceof SpecificRecord event) {
            return avro.serialize(topic, event);
        }
        return json.serializer().serialize(topic, value);
    }
}
