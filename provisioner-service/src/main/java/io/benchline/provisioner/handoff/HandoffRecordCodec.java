package io.benchline.provisioner.handoff;

import io.benchline.platform.kafka.store.ValueCodec;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/** Hand-off records as JSON; a login key stays a LOGIN_KEY ciphertext (base64), never plain text. */
final class HandoffRecordCodec implements ValueCodec<HandoffRecord> {

    private final JsonMapper json = JsonMapper.builder().build();

    @Override
    public byte[] encode(HandoffRecord value) {
        Stored stored;
        if (value instanceof HandoffRecord.LoginKeyAnswer a) {
            stored = new Stored(
                    1,
                    "login-key",
                    a.tenantId().toString(),
                    a.partition(),
                    a.requestId().toString(),
                    a.state().name(),
                    a.eventId() == null ? null : a.eventId().toString(),
                    a.at().toEpochMilli(),
                    a.sealedKey(),
                    a.expiresAt() == null ? null : a.expiresAt().toEpochMilli(),
                    a.failure(),
                    null,
                    null,
                    null);
        } else {
            HandoffRecord.Removal r = (HandoffRecord.Removal) value;
            stored = new Stored(
                    1,
                    "removal",
                    r.tenantId().toString(),
                    r.partition(),
                    null,
                    null,
                    null,
                    r.at().toEpochMilli(),
                    null,
                    null,
                    null,
                    r.reason(),
                    r.hostId(),
                    r.site());
        }
        return json.writeValueAsBytes(stored);
    }

    @Override
    public HandoffRecord decode(byte[] bytes) {
        Stored s = json.readValue(bytes, Stored.class);
        if ("removal".equals(s.kind())) {
            return new HandoffRecord.Removal(
                    UUID.fromString(s.tenantId()),
                    s.partition(),
                    s.reason(),
                    s.hostId(),
                    s.site(),
                    Instant.ofEpochMilli(s.at()));
        }
        return new HandoffRecord.LoginKeyAnswer(
                UUID.fromString(s.tenantId()),
                UUID.fromString(s.requestId()),
                s.partition(),
                HandoffRecord.LoginKeyAnswer.State.valueOf(s.state()),
                s.eventId() == null ? null : UUID.fromString(s.eventId()),
                Instant.ofEpochMilli(s.at()),
                s.sealedKey(),
                s.expiresAt() == null ? null : Instant.ofEpochMilli(s.expiresAt()),
                s.failure());
    }

    record Stored(
            int version,
            String kind,
            String tenantId,
            int partition,
            String requestId,
            String state,
            String eventId,
            long at,
            byte[] sealedKey,
            Long expiresAt,
            String failure,
            String reason,
            String hostId,
            String site) {}
}
