package io.benchline.operator.tenant;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of {@link TenantSnapshot}: what the lifecycle keeps in its store (changelog
 * {@link OperatorTopics#TENANT_STATES}, the snapshot under {@code snapshot}), what the view reads back and what
 * {@code GET /ops/signups/{id}} answers. Enums are lower case ({@code failed},
 * {@code awaiting_verification}; read in any case), instants ISO-8601 strings, absent values {@code null}; fields it
 * does not know are ignored, so a newer writer never breaks an older reader.
 */
public final class TenantSnapshotJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private TenantSnapshotJson() {}

    /** The mapper itself, for types that embed a snapshot (e.g. the lifecycle's own store). */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    /** A snapshot as UTF-8 JSON. */
    public static byte[] write(TenantSnapshot snapshot) {
        return MAPPER.writeValueAsBytes(snapshot);
    }

    /**
     * The snapshot inside a record of {@link OperatorTopics#TENANT_STATES}: the lifecycle's stored state, whose
     * other fields (pending site operations, a waiting retry, recent event ids) only the lifecycle uses and this
     * reader skips.
     *
     * @throws IllegalArgumentException when {@code json} holds no snapshot (the message never echoes the bytes)
     */
    public static TenantSnapshot readStored(byte[] json) {
        Stored stored;
        try {
            stored = MAPPER.readValue(json, Stored.class);
        } catch (tools.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("not a readable stored tenant");
        }
        if (stored.snapshot() == null) {
            throw new IllegalArgumentException("a stored tenant without a snapshot");
        }
        return stored.snapshot();
    }

    /** The part of a stored tenant the readers use. */
    private record Stored(TenantSnapshot snapshot) {}

    /** @throws IllegalArgumentException when {@code json} is not a snapshot (the message never echoes the bytes) */
    public static TenantSnapshot read(byte[] json) {
        try {
            return MAPPER.readValue(json, TenantSnapshot.class);
        } catch (tools.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("not a readable TenantSnapshot");
        }
    }
}
