package io.benchline.provisioner.messaging;

import io.benchline.events.FailureReason;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.TenantRequested;
import io.benchline.platform.kafka.store.ValueCodec;
import io.benchline.provisioner.provisioning.LedgerEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ledger entries as JSON on the compacted topic. The accepted request keeps its Avro single-object encoding
 * (base64), so the ledger replays it exactly; credentials stay sealed ciphertexts.
 */
final class LedgerCodec implements ValueCodec<LedgerEntry> {

    private final JsonMapper json = JsonMapper.builder().build();

    @Override
    public byte[] encode(LedgerEntry entry) {
        LedgerEntry.Outcome o = entry.outcome();
        Stored stored = new Stored(
                1,
                entry.tenantId().toString(),
                entry.partition(),
                avro(entry.request()),
                entry.hostId(),
                entry.finished(),
                entry.siteCreationStarted(),
                entry.credentials() == null ? null : entry.credentials().apiKey(),
                entry.credentials() == null ? null : entry.credentials().apiSecret(),
                o == null
                        ? null
                        : new StoredOutcome(
                                o.kind(),
                                o.eventId().toString(),
                                o.at().toEpochMilli(),
                                o.reason(),
                                o.message(),
                                o.retryable(),
                                o.published()),
                entry.acceptedAt().toEpochMilli(),
                entry.standby());
        return json.writeValueAsBytes(stored);
    }

    @Override
    public LedgerEntry decode(byte[] value) {
        Stored s = json.readValue(value, Stored.class);
        StoredOutcome o = s.outcome();
        return new LedgerEntry(
                UUID.fromString(s.tenantId()),
                s.partition(),
                request(s.request()),
                s.hostId(),
                s.finished() == null ? Set.of() : s.finished(),
                s.siteCreationStarted(),
                s.apiKey() == null ? null : new LedgerEntry.StoredCredentials(s.apiKey(), s.apiSecret()),
                o == null
                        ? null
                        : new LedgerEntry.Outcome(
                                o.kind(),
                                UUID.fromString(o.eventId()),
                                Instant.ofEpochMilli(o.at()),
                                o.reason(),
                                o.message(),
                                o.retryable(),
                                o.published()),
                Instant.ofEpochMilli(s.acceptedAt()),
                s.standby());
    }

    private static byte[] avro(TenantRequested request) {
        try {
            ByteBuffer buffer = TenantRequested.getEncoder().encode(request);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TenantRequested request(byte[] bytes) {
        try {
            return TenantRequested.getDecoder().decode(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Stored(
            int version,
            String tenantId,
            int partition,
            byte[] request,
            String hostId,
            Set<ProvisioningStep> finished,
            boolean siteCreationStarted,
            byte[] apiKey,
            byte[] apiSecret,
            StoredOutcome outcome,
            long acceptedAt,
            /** The standby pool's site this tenant claims or claimed; absent in entries written before the pool. */
            String standby) {}

    record StoredOutcome(
            LedgerEntry.Outcome.Kind kind,
            String eventId,
            long at,
            FailureReason reason,
            String message,
            boolean retryable,
            boolean published) {}
}
