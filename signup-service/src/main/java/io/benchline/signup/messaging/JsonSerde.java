package io.benchline.signup.messaging;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** JSON for signup-service's internal topics and stores, which no other service reads. */
final class JsonSerde<T> implements Serde<T> {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final Class<T> type;

    JsonSerde(Class<T> type) {
        this.type = type;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : MAPPER.writeValueAsBytes(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return MAPPER.readValue(bytes, type);
            } catch (JacksonException e) {
                // The message names the type only: record bytes are never echoed.
                throw new SerializationException("record on " + topic + " is not a readable " + type.getSimpleName());
            }
        };
    }
}
