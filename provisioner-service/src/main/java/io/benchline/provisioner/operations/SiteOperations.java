package io.benchline.provisioner.operations;

import io.benchline.events.Backup;
import io.benchline.events.BackupFile;
import io.benchline.events.SiteOperation;
import io.benchline.events.SiteOperationCompleted;
import io.benchline.platform.kafka.EventPublisher;
import io.benchline.provisioner.bench.BackupLocation;
import io.benchline.provisioner.bench.BackupSummary;
import io.benchline.provisioner.bench.BenchCommandException;
import io.benchline.provisioner.bench.SiteName;
import io.benchline.provisioner.bench.SiteState;
import io.benchline.provisioner.handoff.TenantRemoval;
import io.benchline.provisioner.hosts.BenchHost;
import io.benchline.provisioner.provisioning.HostAccess;
import io.benchline.provisioner.provisioning.Ledger;
import io.benchline.provisioner.provisioning.LedgerEntry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out SiteOperationRequested (SUSPEND, RESUME, ARCHIVE) on the site this provisioner built for the tenant,
 * and answers each operationId once with a SiteOperationCompleted. The host and the site come from the ledger entry
 * (PROVISIONED and published, not removed), never from the request. ARCHIVE: a backup with files into a folder of
 * its own, every file checked to exist and be non-empty with its SHA-256 read on the host, then {@code drop-site}
 * moving the site to the archive folder, then the site must be absent; the tenant is then marked removed (login
 * keys are refused). {@code RUNNING} is recorded before the first command, so an ARCHIVE interrupted by a crash is
 * answered with a failure and never run twice; SUSPEND and RESUME are idempotent, so an interrupted one runs again.
 */
public final class SiteOperations {

    private static final Logger log = LoggerFactory.getLogger(SiteOperations.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    /** What {@code bench backup --with-files} must have written; the site config's copy is optional. */
    private static final Set<String> REQUIRED_FILES = Set.of("database", "public-files", "private-files");

    private final HostAccess hosts;
    private final Ledger ledger;
    private final Clock clock;
    private final OperationStore store;
    private final TenantRemoval removal;
    private final EventPublisher publisher;
    private final Map<String, ArchiveFolders> folders;

    /** One request as the listener read it; {@code ledgerPartition} is the tenant's partition of the ledger. */
    public record Request(
            UUID tenantId, UUID operationId, SiteOperation operation, int requestPartition, int ledgerPartition) {}

    public SiteOperations(
            HostAccess hosts,
            Ledger ledger,
            Clock clock,
            OperationStore store,
            TenantRemoval removal,
            EventPublisher publisher,
            Map<String, ArchiveFolders> folders) {
        this.hosts = hosts;
        this.ledger = ledger;
        this.clock = clock;
        this.store = store;
        this.removal = removal;
        this.publisher = publisher;
        this.folders = Map.copyOf(folders);
    }

    public void partitionsAssigned(Collection<Integer> partitions) {
        store.load(partitions);
    }

    public void partitionsRevoked(Collection<Integer> partitions) {
        store.forget(partitions);
    }

    /** Carries out the request, or answers it again; returns once Kafka has the answer. */
    public void requested(Request request) {
        Optional<OperationRecord> known = store.find(request.operationId());
        if (known.isPresent()) {
            OperationRecord record = known.get();
            switch (record.state()) {
                case ANSWERED, PUBLISHED -> {
                    log.info(
                            "tenant {}: site operation {} ({}) was answered already; the same answer again",
                            record.tenantId(),
                            record.operationId(),
                            record.operation());
                    answer(record);
                    return;
                }
                case RUNNING -> {
                    if (record.operation() == SiteOperation.ARCHIVE) {
                        log.warn(
                                "tenant {}: ARCHIVE {} was interrupted; not run again",
                                record.tenantId(),
                                record.operationId());
                        answer(record.answered(
                                clock.instant(),
                                false,
                                "the ARCHIVE was interrupted (provisioner restart) and is not repeated: check the"
                                        + " site, its backup folder and the archive folder on the host",
                                record.benchHost(),
                                record.siteName(),
                                null));
                        return;
                    }
                    // SUSPEND and RESUME are idempotent: run it again.
                }
            }
        }
        Target target;
        try {
            target = target(request);
        } catch (Refused refused) {
            log.info(
                    "tenant {}: site operation {} ({}) refused: {}",
                    request.tenantId(),
                    request.operationId(),
                    request.operation(),
                    refused.getMessage());
            answer(OperationRecord.running(
                            request.operationId(),
                            request.tenantId(),
                            request.requestPartition(),
                            request.operation(),
                            clock.instant())
                    .answered(clock.instant(), false, refused.getMessage(), null, null, null));
            return;
        }
        OperationRecord running = new OperationRecord(
                request.operationId(),
                request.tenantId(),
                request.requestPartition(),
                request.operation(),
                OperationRecord.State.RUNNING,
                null,
                clock.instant(),
                false,
                null,
                target.host().id(),
                target.site().value(),
                null);
        store.record(running);
        OperationRecord answer;
        try {
            OperationRecord.TakenBackup backup = switch (request.operation()) {
                case SUSPEND -> suspend(target);
                case RESUME -> resume(target);
                case ARCHIVE -> archive(target, request);
                default -> throw new IllegalStateException("checked in target()");
            };
            answer = running.answered(
                    clock.instant(),
                    true,
                    null,
                    target.host().id(),
                    target.site().value(),
                    backup);
            log.info(
                    "tenant {}: {} of site {} on host {} done (operation {})",
                    request.tenantId(),
                    request.operation(),
                    target.site(),
                    target.host().id(),
                    request.operationId());
        } catch (BenchCommandException | OperationFailed e) {
            // A BenchCommandException's message names command, host and exit, with bench's output redacted.
            String message = request.operation() + " of site " + target.site() + " failed: " + e.getMessage();
            log.warn("tenant {}: {} (operation {})", request.tenantId(), message, request.operationId());
            answer = running.answered(
                    clock.instant(),
                    false,
                    message,
                    target.host().id(),
                    target.site().value(),
                    null);
        }
        answer(answer);
    }

    private Target target(Request request) {
        if (request.operation() != SiteOperation.SUSPEND
                && request.operation() != SiteOperation.RESUME
                && request.operation() != SiteOperation.ARCHIVE) {
            throw new Refused(request.operation() + " is not an operation the provisioner carries out on request");
        }
        Optional<LedgerEntry> found = ledger.latest(request.tenantId(), request.ledgerPartition());
        if (found.isEmpty()) {
            throw new Refused("the tenant was not provisioned by this provisioner");
        }
        LedgerEntry entry = found.get();
        LedgerEntry.Outcome outcome = entry.outcome();
        if (outcome == null || outcome.kind() != LedgerEntry.Outcome.Kind.PROVISIONED || !outcome.published()) {
            throw new Refused("the tenant's provisioning has not finished with a site");
        }
        if (removal.isRemoved(request.tenantId())) {
            throw new Refused("the tenant's site was removed");
        }
        Optional<BenchHost> host =
                entry.hostId() == null ? Optional.empty() : hosts.pool().host(entry.hostId());
        if (host.isEmpty()) {
            throw new Refused("the tenant's bench host " + entry.hostId() + " is no longer configured");
        }
        SiteName site = SiteName.of(
                entry.request().getSignup().getSubdomain(), host.get().siteDomain());
        return new Target(entry, host.get(), site);
    }

    /** Maintenance mode first (the site stops answering), then the scheduler: no job runs for a suspended site. */
    private OperationRecord.TakenBackup suspend(Target target) {
        hosts.bench().setMaintenanceMode(target.host(), target.site(), true);
        hosts.bench().setSchedulerDisabled(target.host(), target.site(), true);
        return null;
    }

    /** The reverse order: jobs may run again before the site answers again. */
    private OperationRecord.TakenBackup resume(Target target) {
        hosts.bench().setSchedulerDisabled(target.host(), target.site(), false);
        hosts.bench().setMaintenanceMode(target.host(), target.site(), false);
        return null;
    }

    private OperationRecord.TakenBackup archive(Target target, Request request) {
        BenchHost host = target.host();
        ArchiveFolders where = folders.get(host.id());
        if (where == null) {
            throw new OperationFailed("host " + host.id() + " has no backup and archive folders configured");
        }
        BackupLocation location = BackupLocation.of(where.backupFolder(), target.site(), request.operationId());
        BackupSummary summary = hosts.bench().backupWithFiles(host, target.site(), location);
        List<String> paths = summary.paths();
        for (String kind : REQUIRED_FILES) {
            if (summary.files().stream().noneMatch(f -> f.kind().equals(kind))) {
                throw new OperationFailed("bench backup on host " + host.id() + " wrote no " + kind + " file");
            }
        }
        Map<String, Long> sizes = hosts.bench().sizes(host, paths);
        for (BackupSummary.File file : summary.files()) {
            if (sizes.get(file.path()) <= 0) {
                throw new OperationFailed("the " + file.kind() + " file of the backup on host " + host.id()
                        + " is empty; the site was not dropped");
            }
        }
        Map<String, String> sums = hosts.bench().sha256(host, paths);
        List<OperationRecord.TakenBackup.File> files = new ArrayList<>();
        long total = 0;
        for (BackupSummary.File file : summary.files()) {
            long size = sizes.get(file.path());
            files.add(new OperationRecord.TakenBackup.File(file.kind(), file.path(), size, sums.get(file.path())));
            total += size;
        }
        OperationRecord.TakenBackup backup =
                new OperationRecord.TakenBackup(host.id(), location.folder(), files, total, clock.instant());
        log.info(
                "tenant {}: backup of {} verified on host {}: {} files, {} bytes in {}",
                target.entry().tenantId(),
                target.site(),
                host.id(),
                files.size(),
                total,
                location.folder());
        hosts.bench().archiveSite(host, target.site(), where.archiveFolder());
        if (hosts.bench().siteState(host, target.site()) != SiteState.ABSENT) {
            throw new OperationFailed("site " + target.site() + " is still on host " + host.id() + " after drop-site");
        }
        removal.archived(
                target.entry().tenantId(),
                target.entry().partition(),
                host.id(),
                target.site().value());
        return backup;
    }

    private void answer(OperationRecord answer) {
        if (answer.state() == OperationRecord.State.ANSWERED) {
            store.record(answer);
        }
        send(event(answer));
        if (answer.state() == OperationRecord.State.ANSWERED) {
            store.record(answer.published());
        }
    }

    private static SiteOperationCompleted event(OperationRecord answer) {
        OperationRecord.TakenBackup b = answer.backup();
        return SiteOperationCompleted.newBuilder()
                .setEventId(answer.eventId())
                .setTenantId(answer.tenantId())
                .setOccurredAt(answer.at())
                .setOperationId(answer.operationId())
                .setOperation(answer.operation())
                .setSucceeded(answer.succeeded())
                .setMessage(answer.message())
                .setBenchHost(answer.benchHost())
                .setSiteName(answer.siteName())
                .setBackup(
                        b == null
                                ? null
                                : Backup.newBuilder()
                                        .setBenchHost(b.benchHost())
                                        .setLocation(b.location())
                                        .setFiles(b.files().stream()
                                                .map(f -> BackupFile.newBuilder()
                                                        .setKind(f.kind())
                                                        .setPath(f.path())
                                                        .setSizeBytes(f.sizeBytes())
                                                        .setSha256(f.sha256())
                                                        .build())
                                                .toList())
                                        .setTotalBytes(b.totalBytes())
                                        .setTakenAt(b.takenAt())
                                        .build())
                .build();
    }

    private void send(SiteOperationCompleted completed) {
        CompletableFuture<?> sent = publisher.publish(completed);
        try {
            sent.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SiteOperationCompleted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "SiteOperationCompleted for tenant " + completed.getTenantId() + " not sent", e);
        }
    }

    private record Target(LedgerEntry entry, BenchHost host, SiteName site) {}

    /** Not this provisioner's to operate on: answered with a failure before any command. */
    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** A check of the operation failed (not a bench command): answered with a failure. */
    private static final class OperationFailed extends RuntimeException {
        OperationFailed(String message) {
            super(message, null, false, false);
        }
    }
}
