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
 * Removes a tenant whose email was never verified: drops its site ({@code drop-site --force --no-backup}) on the
 * host the ledger names, and records the removal (hand-off store, log line, {@code benchline.tenants.removed}).
 * Only a site this provisioner built for the tenant (outcome PROVISIONED) is dropped: a failed signup's site, or one
 * whose name belonged to someone else, is left alone. Idempotent: an absent site is done, so a redelivery drops
 * nothing; every removal is reported as SiteOperationCompleted(DROP) with the operationId derived from the tenant,
 * the same event again for a redelivery. Nothing else is revoked here: the API secret is revoked at SignupCompleted (CredentialsRevocation, which
 * skips a dropped site) and signup-service releases the subdomain.
 */
public final class TenantRemoval {

    static final String EMAIL_NOT_VERIFIED = "email_not_verified";
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
        /** Not this provisioner's site to drop: never provisioned here, or its signup failed. */
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
        reportDrop(tenantId, host.get().id(), site, at);
        return Result.REMOVED;
    }

    /**
     * SiteOperationCompleted(DROP) for the lifecycle owner, which then reports the tenant deleted. Its event id is
     * derived from the operation, so a redelivered EXPIRED re-sends the very same event.
     */
    private void reportDrop(UUID tenantId, String hostId, SiteName site, Instant at) {
        UUID operationId = emailNotVerifiedOperationId(tenantId);
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
