package io.benchline.schemas;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary mode: the event's attributes travel as {@code ce_*} headers so
 * consumers can route and deduplicate without decoding the body.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";
    public static final String AVRO_CONTENT_TYPE = "application/avro";

    private CloudEventHeaders() {}

    /** Replaces any CloudEvents headers already present (a re-published record must not carry two ids). */
    public static void write(Headers headers, EventMetadata event, String source) {
        put(headers, SPEC_VERSION, "1.0");
        put(headers, ID, event.eventId().toString());
        put(headers, TYPE, event.type());
        put(headers, SOURCE, source);
        put(headers, TIME, event.occurredAt().toString());
        put(headers, SUBJECT, event.tenantId().toString());
        put(headers, CONTENT_TYPE, AVRO_CONTENT_TYPE);
    }

    public static Optional<String> read(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null
                ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    public static Optional<UUID> eventId(Headers headers) {
        return read(headers, ID).map(UUID::fromString);
    }

    public static Optional<Instant> time(Headers headers) {
        return read(headers, TIME).map(Instant::parse);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
