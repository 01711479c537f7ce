package io.benchline.provisioner.operations;

import io.benchline.events.SiteOperation;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the provisioner has durably done for one site operation, on the compacted {@code provisioner.site-operations}
 * topic keyed by operationId: {@code RUNNING} is written before the first command, so a redelivery never starts an
 * ARCHIVE again; {@code ANSWERED} holds the answer (event id and time fixed) until Kafka has the
 * SiteOperationCompleted; {@code PUBLISHED} marks it sent. A redelivery re-sends the same event.
 *
 * @param partition the request's partition, which this record is written to (loaded with it on assignment)
 */
record OperationRecord(
        UUID operationId,
        UUID tenantId,
        int partition,
        SiteOperation operation,
        State state,
        UUID eventId,
        Instant at,
        boolean succeeded,
        String message,
        String benchHost,
        String siteName,
        TakenBackup backup) {

    enum State {
        RUNNING,
        ANSWERED,
        PUBLISHED
    }

    /** The verified backup an ARCHIVE took before the drop. */
    record TakenBackup(String benchHost, String location, List<File> files, long totalBytes, Instant takenAt) {

        TakenBackup {
            files = List.copyOf(files);
        }

        record File(String kind, String path, long sizeBytes, String sha256) {}
    }

    static OperationRecord running(
            UUID operationId, UUID tenantId, int partition, SiteOperation operation, Instant now) {
        return new OperationRecord(
                operationId, tenantId, partition, operation, State.RUNNING, null, now, false, null, null, null, null);
    }

    OperationRecord answered(
            Instant now, boolean succeeded, String message, String benchHost, String siteName, TakenBackup backup) {
        return new OperationRecord(
                operationId,
                tenantId,
                partition,
                operation,
                State.ANSWERED,
                UUID.randomUUID(),
                now,
                succeeded,
                message,
                benchHost,
                siteName,
                backup);
    }

    OperationRecord published() {
        return new OperationRecord(
                operationId,
                tenantId,
                partition,
                operation,
                State.PUBLISHED,
                eventId,
                at,
                succeeded,
                message,
                benchHost,
                siteName,
                backup);
    }

    String key() {
        return operationId.toString();
    }
}
