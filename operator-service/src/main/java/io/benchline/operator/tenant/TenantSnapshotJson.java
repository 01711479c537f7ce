package io.benchline.operator.tenant;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of {@link TenantSnapshot}: what the lifecycle writes to {@link OperatorTopics#TENANTS}, what
 * the view reads back and what {@code GET /ops/signups/{id}} answers. Enums are lower case ({@code failed},
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

    /** The record value of a snapshot on {@link OperatorTopics#TENANTS} (UTF-8 JSON). */
    public static byte[] write(TenantSnapshot snapshot) {
        return MAPPER.writeValueAsBytes(snapshot);
    }

    /** @throws tools.jackson.core.JacksonException when the bytes are not a snapshot */
    public static TenantSnapshot read(byte[] json) {
        return MAPPER.readValue(json, TenantSnapshot.class);
    }
}
