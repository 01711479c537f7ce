package io.benchline.provisioner.handoff;

import io.benchline.events.SiteOperation;
import io.benchline.events.SiteOperationCompleted;
import io.benchline.platform.kafka.EventPublisher;
import io.benchline.provisioner.bench.SiteName;
import io.benchline.provisioner.bench.SiteState;
import io.benchline.provisioner.hosts.BenchHost;
import io.benchline.provisioner.provisioning.HostAccess;
import io.benchline.provisioner.provisioning.Ledger;
import io.benchline.provisioner.provisioning.LedgerEntry;
import io.benchline.provisioner.provisioning.TenantRecords;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops a tenant's site ({@code drop-site --force --no-backup}) on the host the ledger names, in two cases. Email
 * never verified (EmailVerification EXPIRED): only a site this provisioner built for the tenant (outcome PROVISIONED)
 * is dropped, the removal is recorded (hand-off store, so login keys are refused; {@code
 * benchline.tenants.removed{reason=email_not_verified}}) and reported as SiteOperationCompleted(DROP) with the
 * operationId derived from the tenant, which the operator's lifecycle turns into TenantDeleted. Signup failed
 * (ProvisioningFailed of the ledger's attempt, any stage): the site this tenant started is dropped, the sealed
 * credentials leave the ledger ({@code reason=failed}, see {@link #signupFailed}). Idempotent: an absent site is
 * done, so a redelivery drops nothing. The API secret of a completed signup is revoked at SignupCompleted
 * (CredentialsRevocation, which skips a dropped site); signup-service releases the subdomain.
 */
public final class TenantRemoval {

    static final String EMAIL_NOT_VERIFIED = "email_not_verified";
    /** The reason recorded for the site of a signup that failed (any stage, or its deadline): see signupFailed. */
    static final String FAILED = "failed";
    /** The reason recorded for a site an operator's ARCHIVE took away (backup, then drop with archiving). */
    static final String ARCHIVED = "archived";

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(TenantRemoval.class);

    private final HostAccess hosts;
    private final Ledger ledger;
    private final Clock clock;
    private final HandoffStore store;
    private final HandoffMetrics metrics;
    private final EventPublisher publisher;

    /** What became of the request to remove. */
    public enum Result {
        /** The site is gone (dropped now, or found absent). */
        REMOVED,
        /**
         * Not this provisioner's site to drop: never provisioned here, its site never started or dropped already,
         * another attempt's, or (email not verified) its signup failed.
         */
        NOTHING_TO_REMOVE,
        /** Provisioning is still running: ask again later (its deadline settles it). */
        NOT_SETTLED
    }

    public TenantRemoval(
            HostAccess hosts,
            TenantRecords records,
            HandoffStore store,
            HandoffMetrics metrics,
            EventPublisher publisher) {
        this.hosts = hosts;
        this.ledger = records.ledger();
        this.clock = records.clock();
        this.store = store;
        this.metrics = metrics;
        this.publisher = publisher;
    }

    /**
     * The operationId of the DROP this reports for a tenant whose email was never verified (contracts §3): derived
     * from the tenant, so every report of the same removal names the same operation.
     */
    public static UUID emailNotVerifiedOperationId(UUID tenantId) {
        return UUID.nameUUIDFromBytes(
                ("benchline:site-op:email-not-verified:" + tenantId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether the tenant's site was removed (email not verified, or archived), as far as this instance has loaded
     * the hand-off records of the tenant's partition.
     */
    public boolean isRemoved(UUID tenantId) {
        return store.find(HandoffRecord.removalKey(tenantId)).isPresent();
    }

    /** An ARCHIVE dropped the tenant's site after its backup: from now on its login keys are refused. */
    public void archived(UUID tenantId, int partition, String hostId, String site) {
        store.record(new HandoffRecord.Removal(tenantId, partition, ARCHIVED, hostId, site, clock.instant()));
        metrics.tenantRemoved(ARCHIVED);
    }

    /** The verification window closed without a verified email (EmailVerification EXPIRED). */
    public Result emailNotVerified(UUID tenantId, int partition) {
        Optional<LedgerEntry> found = ledger.latest(tenantId, partition);
        if (found.isEmpty()) {
            log.info("tenant {}: email not verified, but it was not provisioned here; nothing to remove", tenantId);
            return Result.NOTHING_TO_REMOVE;
        }
        LedgerEntry entry = found.get();
        if (!entry.isSettled()) {
            return Result.NOT_SETTLED;
        }
        if (entry.outcome().kind() != LedgerEntry.Outcome.Kind.PROVISIONED) {
            log.info(
                    "tenant {}: email not verified; its signup ended {} already, its site is not touched",
                    tenantId,
                    entry.outcome().kind());
            return Result.NOTHING_TO_REMOVE;
        }
        if (!entry.siteCreationStarted()) {
            // A later stage failed it and its site was dropped then (signupFailed): a failed signup is no tenant to
            // report deleted.
            log.info("tenant {}: email not verified; its signup failed and its site was dropped then", tenantId);
            return Result.NOTHING_TO_REMOVE;
        }
        Optional<BenchHost> host = hosts.pool().host(entry.hostId());
        if (host.isEmpty()) {
            log.warn(
                    "tenant {}: email not verified, but bench host {} is no longer configured; its site was not"
                            + " dropped",
                    tenantId,
                    entry.hostId());
            return Result.NOTHING_TO_REMOVE;
        }
        SiteName site = SiteName.of(
                entry.request().getSignup().getSubdomain(), host.get().siteDomain());
        if (hosts.bench().siteState(host.get(), site) != SiteState.ABSENT) {
            hosts.bench().dropSite(host.get(), site);
            metrics.tenantRemoved(EMAIL_NOT_VERIFIED);
            log.info(
                    "tenant {} removed: email never verified; site {} dropped from host {}",
                    tenantId,
                    site,
                    host.get().id());
        } else {
            log.info("tenant {}: email never verified; site {} is gone already", tenantId, site);
        }
        // A removal recorded before (a redelivery) keeps its time, so its report is the same event again.
        Instant at = store.find(HandoffRecord.removalKey(tenantId))
                .map(r -> ((HandoffRecord.Removal) r).at())
                .orElse(clock.instant());
        store.record(new HandoffRecord.Removal(
                tenantId, partition, EMAIL_NOT_VERIFIED, host.get().id(), site.value(), at));
        reportDrop(tenantId, emailNotVerifiedOperationId(tenantId), host.get().id(), site, at);
        return Result.REMOVED;
    }

    /**
     * The operationId of the DROP this reports for the site of a failed signup attempt: derived from the tenant and
     * the attempt, so a redelivery names the same operation and a later attempt's failure another one. Not the
     * email-not-verified id: the operator's lifecycle deletes the tenant only for that one.
     */
    public static UUID signupFailedOperationId(UUID tenantId, int attempt) {
        return UUID.nameUUIDFromBytes(
                ("benchline:site-op:signup-failed:" + tenantId + ":" + attempt).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A signup attempt failed for good (ProvisioningFailed, any stage, TIMEOUT included): the site this provisioner
     * started for it is dropped ({@code drop-site --force --no-backup}, site and host from the ledger, never from the
     * event) and the entry is written without its sealed credentials and with its site steps undone
     * ({@link LedgerEntry#withSiteDropped}), so nothing holds the released subdomain and an operator's retry builds
     * the site again. Nothing is done for a tenant not provisioned here, for an older attempt than the ledger's (a
     * retry's site is not touched) or a newer one (never reached this provisioner), or when no site creation was
     * started (SUBDOMAIN_TAKEN: that site is someone else's; or dropped already). Idempotent: the ledger is written
     * last, so a crash after the drop finds the site absent and writes it then; a redelivery after the write finds
     * nothing to do. No removal record on the hand-off store: a retried attempt may complete, and its login keys
     * must not be refused.
     */
    public Result signupFailed(UUID tenantId, int attempt, int partition) {
        Optional<LedgerEntry> found = ledger.latest(tenantId, partition);
        if (found.isEmpty()) {
            return Result.NOTHING_TO_REMOVE;
        }
        LedgerEntry entry = found.get();
        if (entry.attempt() != attempt) {
            log.info(
                    "tenant {}: attempt {} failed, but the ledger works on attempt {}; its site is not touched",
                    tenantId,
                    attempt,
                    entry.attempt());
            return Result.NOTHING_TO_REMOVE;
        }
        if (!entry.isSettled()) {
            return Result.NOT_SETTLED;
        }
        if (!entry.siteCreationStarted() || entry.hostId() == null) {
            if (entry.credentials() != null) {
                forgetSite(tenantId, attempt, partition);
            }
            return Result.NOTHING_TO_REMOVE;
        }
        Optional<BenchHost> host = hosts.pool().host(entry.hostId());
        if (host.isEmpty()) {
            log.warn(
                    "tenant {}: signup failed, but bench host {} is no longer configured; its site was not dropped",
                    tenantId,
                    entry.hostId());
            forgetSite(tenantId, attempt, partition);
            return Result.NOTHING_TO_REMOVE;
        }
        SiteName site = SiteName.of(
                entry.request().getSignup().getSubdomain(), host.get().siteDomain());
        if (hosts.bench().siteState(host.get(), site) != SiteState.ABSENT) {
            hosts.bench().dropSite(host.get(), site);
            metrics.tenantRemoved(FAILED);
            log.info(
                    "tenant {} attempt {} failed: site {} dropped from host {}, sealed credentials removed",
                    tenantId,
                    attempt,
                    site,
                    host.get().id());
        } else {
            log.info("tenant {} attempt {} failed: site {} is gone already", tenantId, attempt, site);
        }
        reportDrop(
                tenantId, signupFailedOperationId(tenantId, attempt), host.get().id(), site, clock.instant());
        forgetSite(tenantId, attempt, partition);
        return Result.REMOVED;
    }

    /**
     * Writes the entry without its site, read again right before: the tenant's request listener may have reopened it
     * for an operator's retry meanwhile, and that newer attempt's entry is not overwritten.
     */
    private void forgetSite(UUID tenantId, int attempt, int partition) {
        ledger.latest(tenantId, partition)
                .filter(latest -> latest.attempt() == attempt && latest.isSettled())
                .ifPresent(latest -> ledger.record(latest.withSiteDropped()));
    }

    /**
     * SiteOperationCompleted(DROP) for the lifecycle owner: for the email-not-verified operation it reports the
     * tenant deleted; any other DROP (a failed signup's) only goes on the tenant's timeline. Its event id is derived
     * from the operation, so a redelivery re-sends the very same event.
     */
    private void reportDrop(UUID tenantId, UUID operationId, String hostId, SiteName site, Instant at) {
        SiteOperationCompleted completed = SiteOperationCompleted.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes(
                        ("benchline:site-op-completed:" + operationId).getBytes(StandardCharsets.UTF_8)))
                .setTenantId(tenantId)
                .setOccurredAt(at)
                .setOperationId(operationId)
                .setOperation(SiteOperation.DROP)
                .setSucceeded(true)
                .setBenchHost(hostId)
                .setSiteName(site.value())
                .build();
        CompletableFuture<?> sent = publisher.publish(completed);
        try {
            sent.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SiteOperationCompleted(DROP)", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("SiteOperationCompleted(DROP) for tenant " + tenantId + " not sent", e);
        }
    }
}
