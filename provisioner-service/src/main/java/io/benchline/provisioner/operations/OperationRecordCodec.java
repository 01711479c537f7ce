package io.benchline.provisioner.operations;

import io.benchline.events.SiteOperation;
import io.benchline.platform.kafka.store.ValueCodec;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/** Operation records as JSON: no secrets in them (paths, sizes, checksums, redacted messages). */
final class OperationRecordCodec implements ValueCodec<OperationRecord> {

    private final JsonMapper json = JsonMapper.builder().build();

    @Override
    public byte[] encode(OperationRecord r) {
        OperationRecord.TakenBackup b = r.backup();
        return json.writeValueAsBytes(new Stored(
                1,
                r.operationId().toString(),
                r.tenantId().toString(),
                r.partition(),
                r.operation().name(),
                r.state().name(),
                r.eventId() == null ? null : r.eventId().toString(),
                r.at().toEpochMilli(),
                r.succeeded(),
                r.message(),
                r.benchHost(),
                r.siteName(),
                b == null
                        ? null
                        : new StoredBackup(
                                b.benchHost(),
                                b.location(),
                                b.files().stream()
                                        .map(f -> new StoredFile(f.kind(), f.path(), f.sizeBytes(), f.sha256()))
                                        .toList(),
                                b.totalBytes(),
                                b.takenAt().toEpochMilli())));
    }

    @Override
    public OperationRecord decode(byte[] bytes) {
        Stored s = json.readValue(bytes, Stored.class);
        StoredBackup b = s.backup();
        return new OperationRecord(
                UUID.fromString(s.operationId()),
                UUID.fromString(s.tenantId()),
                s.partition(),
                SiteOperation.valueOf(s.operation()),
                OperationRecord.State.valueOf(s.state()),
                s.eventId() == null ? null : UUID.fromString(s.eventId()),
                Instant.ofEpochMilli(s.at()),
                s.succeeded(),
                s.message(),
                s.benchHost(),
                s.siteName(),
                b == null
                        ? null
                        : new OperationRecord.TakenBackup(
                                b.benchHost(),
                                b.location(),
                                b.files().stream()
                                        .map(f -> new OperationRecord.TakenBackup.File(
                                                f.kind(), f.path(), f.sizeBytes(), f.sha256()))
                                        .toList(),
                                b.totalBytes(),
                                Instant.ofEpochMilli(b.takenAt())));
    }

    record Stored(
            int version,
            String operationId,
            String tenantId,
            int partition,
            String operation,
            String state,
            String eventId,
            long at,
            boolean succeeded,
            String message,
            String benchHost,
            String siteName,
            StoredBackup backup) {}

    record StoredBackup(String benchHost, String location, List<StoredFile> files, long totalBytes, long takenAt) {}

    record StoredFile(String kind, String path, long sizeBytes, String sha256) {}
}
