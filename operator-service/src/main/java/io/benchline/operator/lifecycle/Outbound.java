package io.benchline.operator.lifecycle;

import io.benchline.operator.tenant.OperatorTopics;
import io.benchline.operator.tenant.SnapshotJson;
import io.benchline.operator.tenant.TenantSnapshot;
import io.benchline.schemas.AvroEventSerializer;
import io.benchline.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * Where each record the lifecycle emits goes, and how it is written: events to their catalogue topic in Avro with
 * CloudEvents headers ({@code ce_source} = this service), snapshots to {@link OperatorTopics#TENANTS} in JSON.
 */
final class Outbound implements TopicNameExtractor<String, Object>, Serializer<Object> {

    private final AvroEventSerializer avro;

    Outbound(String cloudEventsSource) {
        this.avro = new AvroEventSerializer(cloudEventsSource);
    }

    @Override
    public String extract(String key, Object value, RecordContext context) {
        if (value instanceof SpecificRecord event) {
            return Topic.byEventType(event.getClass())
                    .orElseThrow(() -> new IllegalArgumentException("no topic for " + event.getClass()))
                    .topicName();
        }
        if (value instanceof TenantSnapshot) {
            return OperatorTopics.TENANTS;
        }
        throw new IllegalArgumentException("no topic for " + value.getClass());
    }

    @Override
    public byte[] serialize(String topic, Headers headers, Object value) {
        if (value instanceof SpecificRecord event) {
            return avro.serialize(topic, headers, event);
        }
        return serialize(topic, value);
    }

    @Override
    public byte[] serialize(String topic, Object value) {
        if (value instanceof SpecificRecord event) {
            return avro.serialize(topic, event);
        }
        if (value instanceof TenantSnapshot snapshot) {
            return SnapshotJson.write(snapshot);
        }
        throw new IllegalArgumentException("cannot write " + value.getClass() + " to " + topic);
    }
}
