package io.benchline.provisioner.provisioning;

import io.benchline.events.FailureReason;
import io.benchline.events.Signup;
import io.benchline.provisioner.bench.SiteName;
import io.benchline.provisioner.hosts.BenchHost;
import io.benchline.provisioner.hosts.SlotLease;
import io.benchline.provisioner.warmup.SiteAdministration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The scheduler's entry to provisioning: decides whether a ledger entry needs a slot at all, and runs each tenant as
 * a {@link ProvisioningRun} on its slot or settles it without one.
 */
public final class SiteProvisioner {

    private final TenantRecords records;
    private final RunTools tools;

    public SiteProvisioner(HostAccess hosts, TenantRecords records, SiteCredentials credentials, StepRetries retries) {
        this(hosts, records, credentials, retries, StandbyPool.NONE, null);
    }

    /** With a standby pool: a signup whose host has a ready standby claims it instead of building a site. */
    public SiteProvisioner(
            HostAccess hosts,
            TenantRecords records,
            SiteCredentials credentials,
            StepRetries retries,
            StandbyPool standbys,
            SiteAdministration administration) {
        this.records = records;
        this.tools = new RunTools(hosts, credentials, new PasswordGenerator(), retries, standbys, administration);
        credentials.requireAllowed(
                hosts.pool().hosts().stream().map(BenchHost::siteDomain).toList());
    }

    /** Whether this entry needs a slot at all: outcomes to re-send, expired and invalid requests do not. */
    boolean needsSlot(LedgerEntry entry) {
        return entry.outcome() == null
                && !entry.deadlinePassed(records.clock().instant())
                && invalidRequest(entry).isEmpty();
    }

    /** The site domain the request's site name is under, if a configured host serves it. */
    Optional<String> siteDomain(LedgerEntry entry) {
        Signup signup = entry.request().getSignup();
        String prefix = signup.getSubdomain() + ".";
        return tools.hosts().pool().hosts().stream()
                .map(BenchHost::siteDomain)
                .filter(domain -> signup.getSiteName().equals(prefix + domain))
                .findFirst();
    }

    /** Settles an entry that needs no slot: re-sends a decided outcome, abandons an expired one, fails an invalid one. */
    RunEnd settleWithoutSlot(LedgerEntry entry, BooleanSupplier cancelled) {
        return new RunRecord(records, entry, cancelled).settleWithoutSlot(invalidRequest(entry));
    }

    /** Fails a tenant that waited too long while no bench host could take it. */
    RunEnd failWaiting(LedgerEntry entry, String message, BooleanSupplier cancelled) {
        return new RunRecord(records, entry, cancelled)
                .fail(new StepFailed(FailureReason.NO_BENCH_HOST_AVAILABLE, true, message));
    }

    /** @param hostDone frees the slot: the run calls it once the host is no longer needed (the rest is Kafka's) */
    RunEnd provision(LedgerEntry entry, SlotLease lease, BooleanSupplier cancelled, Runnable hostDone) {
        return new ProvisioningRun(tools, new RunRecord(records, entry, cancelled), lease.host(), hostDone).provision();
    }

    LedgerEntry latest(LedgerEntry entry) {
        return records.ledger().find(entry.tenantId()).orElse(entry);
    }

    private Optional<String> invalidRequest(LedgerEntry entry) {
        Signup signup = entry.request().getSignup();
        if (!SiteName.isValidSubdomain(signup.getSubdomain())) {
            return Optional.of("subdomain is not a valid RFC 1123 label of 3-63 characters");
        }
        if (siteDomain(entry).isEmpty()) {
            return Optional.of("site name is not <subdomain>.<a site domain of a configured bench host>");
        }
        // Before any site is built: the site URL is where the warm-up may log in and what the verifier and
        // user-service will be sent to, with credentials sealed for its host.
        return tools.credentials().untrusted(signup);
    }
}
