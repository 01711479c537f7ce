package io.benchline.provisioner.handoff;

import io.benchline.provisioner.bench.SiteName;
import io.benchline.provisioner.bench.SiteState;
import io.benchline.provisioner.hosts.BenchHost;
import io.benchline.provisioner.provisioning.HostAccess;
import io.benchline.provisioner.provisioning.Ledger;
import io.benchline.provisioner.provisioning.LedgerEntry;
import io.benchline.provisioner.provisioning.TenantRecords;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a tenant whose email was never verified: drops its site ({@code drop-site --force --no-backup}) on the
 * host the ledger names, and records the removal (hand-off store, log line, {@code benchline.tenants.removed}).
 * Only a site this provisioner built for the tenant (outcome PROVISIONED) is dropped: a failed signup's site, or one
 * whose name belonged to someone else, is left alone. Idempotent: an absent site is done, so a redelivery drops
 * nothing. Nothing else is revoked here: the API secret is revoked at SignupCompleted (CredentialsRevocation, which
 * skips a dropped site) and signup-service releases the subdomain.
 */
public final class TenantRemoval {

    static final String EMAIL_NOT_VERIFIED = "email_not_verified";

    private static final Logger log = LoggerFactory.getLogger(TenantRemoval.class);

    private final HostAccess hosts;
    private final Ledger ledger;
    private final Clock clock;
    private final HandoffStore store;
    private final HandoffMetrics metrics;

    /** What became of the request to remove. */
    public enum Result {
        /** The site is gone (dropped now, or found absent). */
        REMOVED,
        /** Not this provisioner's site to drop: never provisioned here, or its signup failed. */
        NOTHING_TO_REMOVE,
        /** Provisioning is still running: ask again later (its deadline settles it). */
        NOT_SETTLED
    }

    public TenantRemoval(HostAccess hosts, TenantRecords records, HandoffStore store, HandoffMetrics metrics) {
        this.hosts = hosts;
        this.ledger = records.ledger();
        this.clock = records.clock();
        this.store = store;
        this.metrics = metrics;
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
        store.record(new HandoffRecord.Removal(
                tenantId, partition, EMAIL_NOT_VERIFIED, host.get().id(), site.value(), clock.instant()));
        return Result.REMOVED;
    }
}
