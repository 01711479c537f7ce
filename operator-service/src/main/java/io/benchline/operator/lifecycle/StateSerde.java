package io.benchline.operator.lifecycle;

import io.benchline.operator.tenant.SnapshotJson;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;

/** JSON for the lifecycle's store: the snapshot's own mapping, so stored and published snapshots read alike. */
final class StateSerde implements Serde<LifecycleState> {

    @Override
    public Serializer<LifecycleState> serializer() {
        return (topic, value) -> value == null ? null : SnapshotJson.mapper().writeValueAsBytes(value);
    }

    @Override
    public Deserializer<LifecycleState> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return SnapshotJson.mapper().readValue(bytes, LifecycleState.class);
            } catch (JacksonException e) {
                // The message names the type only: record bytes are never echoed.
                throw new SerializationException("record on " + topic + " is not a readable lifecycle state");
            }
        };
    }
}
