package io.benchline.schemas;

import java.time.Instant;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The fields every Benchline event carries ({@code eventId}, {@code tenantId}, {@code occurredAt}), read from any
 * generated event without knowing its class.
 */
public record EventMetadata(UUID eventId, UUID tenantId, Instant occurredAt, String type) {

    public static EventMetadata of(SpecificRecord event) {
        Schema schema = event.getSchema();
        return new EventMetadata(
                (UUID) field(event, schema, "eventId"),
                (UUID) field(event, schema, "tenantId"),
                (Instant) field(event, schema, "occurredAt"),
                Topic.cloudEventType(event.getClass()));
    }

    private static Object field(SpecificRecord event, Schema schema, String name) {
        Schema.Field field = schema.getField(name);
        if (field == null) {
            throw new IllegalArgumentException(schema.getName() + " is not a Benchline event: no field " + name);
        }
        Object value = event.get(field.pos());
        if (value == null) {
            throw new IllegalArgumentException(schema.getName() + "." + name + " is not set");
        }
        return value;
    }
}
