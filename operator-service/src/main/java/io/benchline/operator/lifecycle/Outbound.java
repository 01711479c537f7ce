package io.benchline.operator.lifecycle;

import io.benchline.schemas.AvroEventSerializer;
import io.benchline.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * Where each event the lifecycle emits goes, and how it is written: to its catalogue topic in Avro with CloudEvents
 * headers ({@code ce_source} = this service). Snapshots are not emitted: the view reads the store's changelog.
 */
final class Outbound implements TopicNameExtractor<String, SpecificRecord>, Serializer<SpecificRecord> {

    private final AvroEventSerializer avro;

    Outbound(String cloudEventsSource) {
        this.avro = new AvroEventSerializer(cloudEventsSource);
    }

    @Override
    public String extract(String key, SpecificRecord event, RecordContext context) {
        return Topic.byEventType(event.getClass())
                .orElseThrow(() -> new IllegalArgumentException("no topic for " + event.getClass()))
                .topicName();
    }

    @Override
    public byte[] serialize(String topic, Headers headers, SpecificRecord event) {
        return avro.serialize(topic, headers, event);
    }

    @Override
    public byte[] serialize(String topic, SpecificRecord event) {
        return avro.serialize(topic, event);
    }
}
