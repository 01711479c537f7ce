package io.benchline.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes events in Avro single-object encoding ({@code C3 01}, the 8-byte CRC-64-AVRO fingerprint of the writer
 * schema, then the body) and stamps the CloudEvents binary-mode headers on the record, so no producer can forget
 * them. Configure {@value #SOURCE_CONFIG} with the producing service (the {@code ce_source}).
 */
public class AvroEventSerializer implements Serializer<SpecificRecord> {

    public static final String SOURCE_CONFIG = "benchline.cloudevents.source";

    private final Map<Schema, BinaryMessageEncoder<SpecificRecord>> encoders = new ConcurrentHashMap<>();
    private String source = "/benchline";

    public AvroEventSerializer() {
        TrustedAvroPackages.register();
    }

    public AvroEventSerializer(String source) {
        this();
        this.source = source;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Object configured = configs.get(SOURCE_CONFIG);
        if (configured != null) {
            source = configured.toString();
        }
    }

    @Override
    public byte[] serialize(String topic, Headers headers, SpecificRecord event) {
        if (event == null) {
            return null;
        }
        if (Topic.byName(topic).isPresent()) {
            CloudEventHeaders.write(headers, EventMetadata.of(event), source);
        }
        return serialize(topic, event);
    }

    @Override
    public byte[] serialize(String topic, SpecificRecord event) {
        if (event == null) {
            return null;
        }
        try {
            ByteBuffer buffer = encoders.computeIfAbsent(event.getSchema(), schema -> encoderFor(event, schema))
                    .encode(event);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | UncheckedIOException | ClassCastException e) {
            throw new SerializationException(
                    "cannot encode " + event.getSchema().getFullName() + " for topic " + topic, e);
        }
    }

    private static BinaryMessageEncoder<SpecificRecord> encoderFor(SpecificRecord event, Schema schema) {
        return new BinaryMessageEncoder<>(SpecificData.getForClass(event.getClass()), schema);
    }
}
