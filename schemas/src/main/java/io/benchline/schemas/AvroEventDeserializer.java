package io.benchline.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Avro single-object-encoded events. The reader class comes from the {@link Topic} catalogue (so one
 * deserializer serves a consumer of many topics; on a topic that carries several event types, the writer schema's
 * fingerprint in the record's header picks the one whose current or released schema it is) or, for other topics,
 * from {@value #TYPE_CONFIG}. Records
 * written with any released version of the schema decode; anything else raises a {@link SerializationException}
 * so an {@code ErrorHandlingDeserializer} can route the record to its dead-letter topic.
 */
public class AvroEventDeserializer implements Deserializer<SpecificRecord> {

    public static final String TYPE_CONFIG = "benchline.avro.type";

    /** Single-object encoding: the marker {@code C3 01}, then the writer schema's CRC-64-AVRO fingerprint. */
    private static final int FINGERPRINT_OFFSET = 2;

    private static final int HEADER_LENGTH = FINGERPRINT_OFFSET + Long.BYTES;

    private final Map<Class<?>, BinaryMessageDecoder<SpecificRecord>> decoders = new ConcurrentHashMap<>();
    private final Map<Topic, Map<Long, Class<? extends SpecificRecord>>> typesByFingerprint = new ConcurrentHashMap<>();
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
        Class<? extends SpecificRecord> type = typeFor(topic, data);
        try {
            return decoders.computeIfAbsent(type, AvroEventDeserializer::decoderFor)
                    .decode(data);
        } catch (IOException | RuntimeException e) {
            // Garbage bytes can fail anywhere inside Avro's decoder; all of it is a bad record, not a crash.
            throw new SerializationException(
                    "record on " + topic + " is not a readable " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private Class<? extends SpecificRecord> typeFor(String topic, byte[] data) {
        if (configuredType != null) {
            return configuredType;
        }
        Topic known = Topic.byName(topic)
                .orElseThrow(
                        () -> new SerializationException("no event type for topic " + topic + "; set " + TYPE_CONFIG));
        if (!known.carriesSeveralTypes()) {
            return known.eventType();
        }
        if (data.length < HEADER_LENGTH) {
            throw new SerializationException("record on " + topic + " is too short for single-object encoding");
        }
        long fingerprint = ByteBuffer.wrap(data, FINGERPRINT_OFFSET, Long.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN)
                .getLong();
        Class<? extends SpecificRecord> type = typesByFingerprint
                .computeIfAbsent(known, AvroEventDeserializer::fingerprintsOf)
                .get(fingerprint);
        if (type == null) {
            throw new SerializationException("record on " + topic + " has a writer schema (fingerprint "
                    + Long.toHexString(fingerprint) + ") of none of its event types " + known.eventTypes());
        }
        return type;
    }

    /** Every current and released schema of the topic's event types, by CRC-64-AVRO fingerprint. */
    private static Map<Long, Class<? extends SpecificRecord>> fingerprintsOf(Topic topic) {
        Map<Long, Class<? extends SpecificRecord>> types = new HashMap<>();
        for (Class<? extends SpecificRecord> type : topic.eventTypes()) {
            types.put(
                    SchemaNormalization.parsingFingerprint64(SpecificData.get().getSchema(type)), type);
            for (Schema released : ReleasedSchemas.of(type)) {
                types.put(SchemaNormalization.parsingFingerprint64(released), type);
            }
        }
        return Map.copyOf(types);
    }

    private static BinaryMessageDecoder<SpecificRecord> decoderFor(Class<?> type) {
        SpecificData model = SpecificData.getForClass(type);
        BinaryMessageDecoder<SpecificRecord> decoder = new BinaryMessageDecoder<>(model, model.getSchema(type));
        ReleasedSchemas.of(type).forEach(decoder::addSchema);
        return decoder;
    }
}
