package io.benchline.schemas;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Avro single-object-encoded events. The reader class comes from the {@link Topic} catalogue (so one
 * deserializer serves a consumer of many topics) or, for other topics, from {@value #TYPE_CONFIG}. Records
 * written with any released version of the schema decode; anything else raises a {@link SerializationException}
 * so an {@code ErrorHandlingDeserializer} can route the record to its dead-letter topic.
 */
public class AvroEventDeserializer implements Deserializer<SpecificRecord> {

    public static final String TYPE_CONFIG = "benchline.avro.type";

    private final Map<Class<?>, BinaryMessageDecoder<SpecificRecord>> decoders = new ConcurrentHashMap<>();
    private Class<? extends SpecificRecord> configuredType;

    public AvroEventDeserializer() {
        TrustedAvroPackages.register();
    }

    public AvroEventDeserializer(Class<? extends SpecificRecord> type) {
        this();
        this.configuredType = type;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Object type = configs.get(TYPE_CONFIG);
        if (type instanceof Class<?> c) {
            configuredType = c.asSubclass(SpecificRecord.class);
        } else if (type != null) {
            try {
                configuredType = Class.forName(type.toString()).asSubclass(SpecificRecord.class);
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException(TYPE_CONFIG + " names an unknown class: " + type, e);
            }
        }
    }

    @Override
    public SpecificRecord deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        Class<? extends SpecificRecord> type = typeFor(topic);
        try {
            return decoders.computeIfAbsent(type, AvroEventDeserializer::decoderFor)
                    .decode(data);
        } catch (IOException | RuntimeException e) {
            // Garbage bytes can fail anywhere inside Avro's decoder; all of it is a bad record, not a crash.
            throw new SerializationException(
                    "record on " + topic + " is not a readable " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private Class<? extends SpecificRecord> typeFor(String topic) {
        if (configuredType != null) {
            return configuredType;
        }
        return Topic.byName(topic)
                .<Class<? extends SpecificRecord>>map(Topic::eventType)
                .orElseThrow(
                        () -> new SerializationException("no event type for topic " + topic + "; set " + TYPE_CONFIG));
    }

    private static BinaryMessageDecoder<SpecificRecord> decoderFor(Class<?> type) {
        SpecificData model = SpecificData.getForClass(type);
        BinaryMessageDecoder<SpecificRecord> decoder = new BinaryMessageDecoder<>(model, model.getSchema(type));
        ReleasedSchemas.of(type).forEach(decoder::addSchema);
        return decoder;
    }
}
