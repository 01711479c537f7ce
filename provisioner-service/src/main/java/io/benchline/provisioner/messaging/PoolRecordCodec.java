package io.benchline.provisioner.messaging;

import io.benchline.provisioner.pool.PoolRecord;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/** Pool records as JSON on the pool's topic; API keys and secrets stay sealed ciphertexts (base64). */
final class PoolRecordCodec {

    private final JsonMapper json = JsonMapper.builder().build();

    byte[] encode(PoolRecord r) {
        return json.writeValueAsBytes(new Stored(
                1,
                r.kind(),
                r.host(),
                r.standby(),
                r.tenant() == null ? null : r.tenant().toString(),
                r.state(),
                r.fingerprint(),
                r.apiKey(),
                r.apiSecret(),
                r.at() == null ? 0 : r.at().toEpochMilli(),
                r.buildMillis()));
    }

    PoolRecord decode(byte[] value) {
        Stored s = json.readValue(value, Stored.class);
        return new PoolRecord(
                s.kind(),
                s.host(),
                s.standby(),
                s.tenant() == null ? null : UUID.fromString(s.tenant()),
                s.state(),
                s.fingerprint(),
                s.apiKey(),
                s.apiSecret(),
                Instant.ofEpochMilli(s.at()),
                s.buildMillis());
    }

    record Stored(
            int version,
            PoolRecord.Kind kind,
            String host,
            String standby,
            String tenant,
            PoolRecord.State state,
            String fingerprint,
            byte[] apiKey,
            byte[] apiSecret,
            long at,
            long buildMillis) {}
}
