package io.benchline.operator.tenant;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of {@link TenantSnapshot} on {@link OperatorTopics#TENANTS}: the lifecycle writes with it, the
 * view reads with it. Instants are ISO-8601 strings; enums are lower case ({@code awaiting_verification},
 * {@code accepted}), as {@code /ops} shows them, and read in any case; unknown fields are ignored so a newer writer
 * never breaks an older reader.
 */
public final class SnapshotJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private SnapshotJson() {}

    /** The mapper itself, for types that embed a snapshot (e.g. the lifecycle's own store). */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(TenantSnapshot snapshot) {
        return MAPPER.writeValueAsBytes(snapshot);
    }

    /**
     * @throws IllegalArgumentException when {@code json} is not a snapshot (the message never echoes the bytes)
     */
    public static TenantSnapshot read(byte[] json) {
        try {
            return MAPPER.readValue(json, TenantSnapshot.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a readable TenantSnapshot");
        }
    }
}
