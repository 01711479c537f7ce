package io.benchline.provisioner.provisioning;

import io.benchline.platform.sites.SiteAddress;
import io.benchline.provisioner.bench.SiteName;
import io.benchline.provisioner.bench.SiteState;
import io.benchline.provisioner.hosts.BenchHost;
import io.benchline.provisioner.warmup.SiteAdministration;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends Benchline's hold on a settled tenant's site: the Administrator API secret it generated is rotated on the
 * site with {@code generate_keys} — over REST with the emitted key itself, else with bench — and the new one is
 * never read into anything that lasts (so the emitted secret answers 401 from then on), and the sealed key and
 * secret leave the ledger while every step state stays. Never before the tenant is settled: the verifier and
 * user-service work with that key until SignupCompleted. Idempotent: an entry without credentials has nothing left
 * to revoke, and revoking twice is harmless. A failed signup's credentials are not revoked here: its site is dropped
 * and they leave the ledger with it (TenantRemoval).
 */
public final class CredentialsRevocation {

    private static final Logger log = LoggerFactory.getLogger(CredentialsRevocation.class);

    private final HostAccess hosts;
    private final Ledger ledger;
    private final ProvisioningMetrics metrics;
    private final SiteCredentials credentials;
    private final SiteAdministration administration;

    public CredentialsRevocation(
            HostAccess hosts, TenantRecords records, SiteCredentials credentials, SiteAdministration administration) {
        this.hosts = hosts;
        this.ledger = records.ledger();
        this.metrics = records.metrics();
        this.credentials = credentials;
        this.administration = administration;
    }

    /** The signup completed: user-service created the customer's user and ran the setup wizard before saying so. */
    public void signupCompleted(UUID tenantId, int attempt, int partition) {
        revoke(tenantId, attempt, partition, "completed");
    }

    /** @param attempt the attempt the settling event ends: an entry reopened for a later attempt is not touched */
    private void revoke(UUID tenantId, int attempt, int partition, String settled) {
        Optional<LedgerEntry> found = ledger.latest(tenantId, partition);
        if (found.isEmpty() || found.get().credentials() == null) {
            // Not provisioned here, keys never generated, or revoked already.
            return;
        }
        LedgerEntry entry = found.get();
        int current = entry.request().getSignup().getAttempt();
        if (current > attempt) {
            // An operator retried: the keys belong to the newer attempt, whose own end revokes them.
            log.info(
                    "tenant {}: attempt {} settled ({}), but attempt {} is the ledger's now; its keys are kept",
                    tenantId,
                    attempt,
                    settled,
                    current);
            return;
        }
        if (!entry.isSettled()) {
            // Its outcome is not published yet, so the run may still send the keys: try again later.
            throw new IllegalStateException("tenant " + tenantId + " is not settled in the ledger yet; keys kept");
        }
        Optional<BenchHost> host = hosts.pool().host(entry.hostId());
        if (host.isPresent()) {
            SiteName site = SiteName.of(
                    entry.request().getSignup().getSubdomain(), host.get().siteDomain());
            if (!rotatedOverRest(entry, host.get(), site)
                    && hosts.bench().siteState(host.get(), site) == SiteState.BUILT) {
                // Each generate_keys replaces the secret; the new one is dropped right here, never logged or stored.
                hosts.bench().generateApiSecret(host.get(), site);
            }
        } else {
            log.warn(
                    "tenant {}: bench host {} is no longer configured; its API secret could not be revoked",
                    tenantId,
                    entry.hostId());
        }
        ledger.record(entry.withoutCredentials());
        metrics.credentialsRevoked(settled);
        log.info(
                "tenant {} settled ({}): API secret revoked on its site, sealed credentials removed from the ledger",
                tenantId,
                settled);
    }

    /**
     * The emitted key asks its own site for a new secret, as a claim does (one REST call where bench takes two
     * commands, each a Python start-up on the host), at the address the warm-up used
     * ({@link BenchHost#restBaseUrl}; the request's site URL checked again). The new secret is dropped right here,
     * never logged or stored. Any failure — the site not answering, the key refused already, the URL no longer
     * trusted, credentials that do not open — leaves the rotation to bench, which finds out whether the site is
     * still there.
     */
    private boolean rotatedOverRest(LedgerEntry entry, BenchHost host, SiteName site) {
        UUID tenantId = entry.tenantId();
        try {
            SiteAddress address = credentials.siteOf(entry.request().getSignup());
            administration.rotateApiSecret(
                    host.restBaseUrl(address),
                    site.value(),
                    credentials.apiKey(tenantId, address, entry.credentials()),
                    credentials.apiSecret(tenantId, address, entry.credentials()));
            return true;
        } catch (RuntimeException e) {
            log.info(
                    "tenant {}: its API secret was not rotated over REST ({}); bench rotates it",
                    tenantId,
                    e.getMessage());
            return false;
        }
    }
}
