package io.benchline.provisioner.provisioning;

import io.benchline.events.FailureReason;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.StepPhase;
import io.benchline.platform.secrets.Secret;
import io.benchline.platform.sites.SiteAddress;
import io.benchline.platform.sites.UntrustedSiteAddress;
import io.benchline.provisioner.bench.BenchCommandException;
import io.benchline.provisioner.bench.RenameOutcome;
import io.benchline.provisioner.bench.SiteName;
import io.benchline.provisioner.bench.SiteState;
import io.benchline.provisioner.hosts.BenchHost;
import io.benchline.provisioner.warmup.SiteAdministration;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryTemplate;

/**
 * One attempt at provisioning one tenant on its leased host. Each step first looks at what the ledger (and the host)
 * says is done, records its result durably before anything is emitted, and is reported STARTED/FINISHED.
 */
final class ProvisioningRun {

    private static final Logger log = LoggerFactory.getLogger(ProvisioningRun.class);

    private final HostAccess hosts;
    private final SiteCredentials credentials;
    private final PasswordGenerator passwords;
    private final StepRetries retries;
    private final StandbyPool standbys;
    private final SiteAdministration administration;
    private final RunRecord record;
    private final BenchHost host;
    private final UUID tenantId;
    /** Frees the run's slot: called once the host is no longer needed, before the outcome's Kafka bookkeeping. */
    private final Runnable hostDone;

    private SiteName site;
    /** The request's site URL, checked: the host its credentials are sealed for, the warm-up's URL by default. */
    private SiteAddress address;

    ProvisioningRun(RunTools tools, RunRecord record, BenchHost host, Runnable hostDone) {
        this.hosts = tools.hosts();
        this.credentials = tools.credentials();
        this.passwords = tools.passwords();
        this.retries = tools.retries();
        this.standbys = tools.standbys();
        this.administration = tools.administration();
        this.record = record;
        this.host = host;
        this.tenantId = record.entry().tenantId();
        this.hostDone = hostDone;
    }

    RunEnd provision() {
        try {
            return provisionSteps();
        } catch (KafkaUnavailable e) {
            // Not the bench's fault and not a failure of the signup: its deadline passed while Kafka was away.
            log.warn("tenant {}: {}; signup-service reports the timeout", tenantId, e.getMessage());
            // Only Kafka is waited for from here (possibly long): the host is not.
            hostDone.run();
            return record.settleAfterDeadline();
        }
    }

    private RunEnd provisionSteps() {
        try {
            site = SiteName.of(record.entry().request().getSignup().getSubdomain(), host.siteDomain());
            address = checkedSiteAddress();
            chooseHost();
            long hostChosen = System.nanoTime();
            claimStandby();
            createSite();
            generateKeys();
            publishSite();
            warmUp();
            // Deciding, sending and marking the outcome are Kafka's work only: another tenant may have the slot.
            hostDone.run();
            RunEnd end = record.succeed(site, host);
            standbys.settled(
                    host,
                    record.entry().standby() != null ? "pool" : "cold",
                    (System.nanoTime() - hostChosen) / 1_000_000);
            return end;
        } catch (HostUnfit unfit) {
            return leave(unfit);
        } catch (StepFailed failure) {
            if (failure.reason() != FailureReason.SUBDOMAIN_TAKEN) {
                dropOwnSite();
            }
            hostDone.run();
            return record.fail(failure);
        } catch (RunCancelled c) {
            return RunEnd.CANCELLED;
        }
    }

    /**
     * Checked at intake already (an untrusted site URL settles the tenant without a slot); checked again here, as
     * every use of an event's URL is, in case the configuration changed since.
     */
    private SiteAddress checkedSiteAddress() {
        try {
            return credentials.siteOf(record.entry().request().getSignup());
        } catch (UntrustedSiteAddress e) {
            throw new StepFailed(FailureReason.INVALID_REQUEST, false, "request rejected: " + e.getMessage());
        }
    }

    /** Skips the host for its cool-down and forgets it for this tenant, which then waits for another host. */
    private RunEnd leave(HostUnfit unfit) {
        log.warn("tenant {}: bench host {} skipped: {}", tenantId, host.id(), unfit.getMessage());
        hosts.pool().markUnreachable(host.id(), unfit.getMessage());
        try {
            if (record.entry().hostId() != null) {
                record.save(record.entry().withoutHost());
            }
            return RunEnd.REQUEUE;
        } catch (RunCancelled c) {
            return RunEnd.CANCELLED;
        }
    }

    private void chooseHost() {
        if (record.entry().hostId() != null) {
            return;
        }
        progress(ProvisioningStep.CHOOSE_HOST, StepPhase.STARTED, "Choosing a bench host");
        Timer.Sample sample = record.metrics().start();
        try {
            hosts.bench().checkReachable(host);
        } catch (BenchCommandException e) {
            record.checkCancelled();
            record.metrics().stepEnded(sample, ProvisioningStep.CHOOSE_HOST, host.id(), "unreachable");
            throw new HostUnfit(e.getMessage());
        }
        hosts.pool().markReachable(host.id());
        // Not written yet: nothing is done on the host before the next write (the standby or "creation started"),
        // which carries it. A run that stops before then chose nothing, as far as a resumed run knows.
        record.note(record.entry().withHost(host.id()).withFinished(ProvisioningStep.CHOOSE_HOST));
        record.metrics().stepEnded(sample, ProvisioningStep.CHOOSE_HOST, host.id(), "success");
        progress(ProvisioningStep.CHOOSE_HOST, StepPhase.FINISHED, "Bench host " + host.id() + " chosen");
    }

    /** Candidates tried before going cold: another tenant may win the first one. */
    private static final int CLAIM_TRIES = 3;

    /**
     * The pool path: a ready standby of the host on its current versions is claimed (decided once in the pool's log),
     * its folder renamed to the customer's site (one rename(2): never half-renamed), published where the host
     * publishes per site, then over REST with the standby's own key on the customer's URL: a NEW API secret (the
     * standby's stops working), a new Administrator password, the warm-up. The standby is recorded in the ledger
     * BEFORE the claim is asked for, so a restarted run resumes that very claim. If a REST step fails, the cold
     * steps finish the renamed site (new keys with bench, then the warm-up); nothing half-done reaches the customer.
     */
    private void claimStandby() {
        LedgerEntry entry = record.entry();
        if (!standbys.enabled()
                || entry.isFinished(ProvisioningStep.CREATE_SITE)
                || (entry.siteCreationStarted() && entry.standby() == null)) {
            return;
        }
        for (int i = 0; i < CLAIM_TRIES && record.entry().standby() == null; i++) {
            Optional<SiteName> candidate = standbys.candidate(host, tenantId);
            if (candidate.isEmpty()) {
                return;
            }
            record.save(record.entry().withStandby(candidate.get().value()));
            if (standbys.claim(host, candidate.get(), tenantId).isEmpty()) {
                // A resumed run that still finds it asks the pool again, which says no again.
                record.note(record.entry().withStandby(null));
            }
        }
        if (record.entry().standby() == null) {
            return;
        }
        SiteName standby = new SiteName(record.entry().standby());
        Optional<StandbyPool.Claimed> claimed = standbys.claim(host, standby, tenantId);
        if (claimed.isEmpty()) {
            // Lost (or the pool forgot it): go cold, as if there had been none.
            record.note(record.entry().withStandby(null));
            return;
        }
        step(ProvisioningStep.CLAIM_STANDBY, "Claiming a ready site", "Ready site claimed", retries.steps(), () -> {
            if (!record.entry().siteCreationStarted()) {
                renameStandby(standby);
            }
            if (record.entry().standby() != null) {
                finishClaimOverRest(claimed.get());
            }
        });
    }

    private void renameStandby(SiteName standby) {
        RenameOutcome outcome = hosts.bench().renameStandby(host, standby, site);
        if (outcome == RenameOutcome.SITE_EXISTS && hosts.bench().siteState(host, standby) == SiteState.ABSENT) {
            // Renamed by an earlier run of this tenant that stopped before recording it.
            outcome = RenameOutcome.RENAMED;
        }
        switch (outcome) {
            case RENAMED ->
                // Unwaited: a resumed run that misses it renames again, finds the standby gone and the site there,
                // and takes it as its own rename (above).
                record.saveWithoutWaiting(
                        record.entry().withSiteCreationStarted().withFinished(ProvisioningStep.CREATE_SITE));
            case SITE_EXISTS -> {
                // The customer's name is someone else's site: the standby we hold leaves the pool.
                releaseStandby(standby, true);
                throw StepFailed.subdomainTaken(site, host.id());
            }
            case STANDBY_MISSING -> {
                log.warn(
                        "tenant {}: standby {} vanished from {} before its claim; building cold",
                        tenantId,
                        standby,
                        host.id());
                releaseStandby(standby, false);
            }
        }
    }

    private void releaseStandby(SiteName standby, boolean drop) {
        if (drop) {
            try {
                hosts.bench().dropSite(host, standby);
            } catch (RuntimeException e) {
                log.warn(
                        "tenant {}: could not drop standby {} on {}: {}", tenantId, standby, host.id(), e.getMessage());
            }
        }
        standbys.released(host, standby);
        record.save(record.entry().withStandby(null));
    }

    /** Everything after the rename, over REST; a failure leaves the rest to the cold steps (new keys with bench). */
    private void finishClaimOverRest(StandbyPool.Claimed claimed) {
        URI baseUrl = host.restBaseUrl(address);
        Secret apiKey = claimed.apiKey();
        try {
            if (host.publish() && !record.entry().isFinished(ProvisioningStep.PUBLISH_SITE)) {
                // Per-site TLS server blocks route only names nginx was given: as the cold path publishes.
                hosts.bench().setupNginx(host);
                hosts.bench().reloadWebServer(host);
                // Idempotent: done again by a resumed run that misses it.
                record.note(record.entry().withFinished(ProvisioningStep.PUBLISH_SITE));
            }
            if (record.entry().credentials() != null) {
                return;
            }
            Secret apiSecret = retries.warmUp()
                    .execute(() -> administration.rotateApiSecret(baseUrl, site.value(), apiKey, claimed.apiSecret()));
            // Unwaited: nothing is emitted before the outcome's waited write, which carries them. A resumed run
            // that misses them finds the standby's secret rotated (401) and finishes with bench's generate_keys.
            record.saveWithoutWaiting(record.entry()
                    .withCredentials(credentials.seal(tenantId, address, apiKey, apiSecret))
                    .withFinished(ProvisioningStep.GENERATE_KEYS));
            warmUpOverRest(baseUrl, apiKey, apiSecret);
        } catch (RunCancelled | KafkaUnavailable stop) {
            throw stop;
        } catch (RetryException | RuntimeException e) {
            Throwable cause = e instanceof RetryException r && r.getCause() != null ? r.getCause() : e;
            log.warn(
                    "tenant {}: the claim's REST steps on {} stopped ({}); bench finishes the site",
                    tenantId,
                    site,
                    cause.getMessage());
        }
    }

    private void createSite() {
        if (record.entry().isFinished(ProvisioningStep.CREATE_SITE) && !mayHaveLostSite()) {
            return;
        }
        String started = "Creating site " + site + " with ERPNext";
        step(ProvisioningStep.CREATE_SITE, started, "Site " + site + " created", retries.steps(), () -> {
            SiteState state = hosts.bench().siteState(host, site);
            if (record.entry().isFinished(ProvisioningStep.CREATE_SITE)) {
                if (state == SiteState.BUILT) {
                    return;
                }
                log.info(
                        "tenant {}: site {} ({}) on {} is not there for attempt {}; building it again",
                        tenantId,
                        site,
                        state,
                        host.id(),
                        record.entry().attempt());
                record.save(record.entry().withSiteToRebuild());
            }
            if (!record.entry().siteCreationStarted()) {
                if (state != SiteState.ABSENT) {
                    throw StepFailed.subdomainTaken(site, host.id());
                }
                // Recorded BEFORE new-site runs: from now on a site of this name on this host is ours.
                record.save(record.entry().withSiteCreationStarted());
            } else if (state != SiteState.ABSENT) {
                // Only a new-site the ledger saw finish counts: an interrupted one lists erpnext before its hooks ran.
                log.info(
                        "tenant {}: dropping site {} ({}) on {}: its creation was interrupted",
                        tenantId,
                        site,
                        state,
                        host.id());
                hosts.bench().dropSite(host, site);
            }
            // Frappe insists on a password; the warm-up sets the one it logs in with (see warmUp).
            hosts.bench().newSite(host, site, passwords.next());
            // Unwaited: a resumed run that misses it drops the site and builds it again, as after a crash mid-way.
            record.saveWithoutWaiting(record.entry().withFinished(ProvisioningStep.CREATE_SITE));
        });
    }

    /**
     * A retried attempt resumes after a CREATE_SITE an earlier attempt finished; that attempt's failure may have
     * dropped the site since (see dropOwnSite), so before the steps after it run, the site is looked at once.
     */
    private boolean mayHaveLostSite() {
        return record.entry().attempt() > 1 && !record.entry().isFinished(ProvisioningStep.WARM_UP);
    }

    private void generateKeys() {
        if (record.entry().credentials() != null) {
            // Never again: each generate_keys rotates the secret, and this one may already be in use.
            return;
        }
        step(ProvisioningStep.GENERATE_KEYS, "Generating API keys", "API keys generated", retries.steps(), () -> {
            Secret apiSecret = hosts.bench().generateApiSecret(host, site);
            Secret apiKey = hosts.bench().readApiKey(host, site);
            // Unwaited: nothing is emitted before the outcome's waited write, which carries them; a resumed run that
            // misses them generates new ones (this secret was never sent anywhere).
            record.saveWithoutWaiting(record.entry()
                    .withCredentials(credentials.seal(tenantId, address, apiKey, apiSecret))
                    .withFinished(ProvisioningStep.GENERATE_KEYS));
        });
    }

    private void publishSite() {
        if (record.entry().isFinished(ProvisioningStep.PUBLISH_SITE)) {
            return;
        }
        String started = host.publish() ? "Publishing " + site + " to the web server" : "Site needs no publishing";
        step(ProvisioningStep.PUBLISH_SITE, started, "Site published", retries.steps(), () -> {
            if (host.publish()) {
                hosts.bench().setupNginx(host);
                hosts.bench().reloadWebServer(host);
            }
            // Idempotent: done again by a resumed run that misses it.
            record.note(record.entry().withFinished(ProvisioningStep.PUBLISH_SITE));
        });
    }

    private void warmUp() {
        if (record.entry().isFinished(ProvisioningStep.WARM_UP)) {
            return;
        }
        LedgerEntry.StoredCredentials stored = record.entry().credentials();
        Secret apiKey = credentials.apiKey(tenantId, address, stored);
        Secret apiSecret = credentials.apiSecret(tenantId, address, stored);
        URI baseUrl = host.restBaseUrl(address);
        step(
                ProvisioningStep.WARM_UP,
                "Warming up the site",
                "Site answers",
                retries.warmUp(),
                () -> warmUpOverRest(baseUrl, apiKey, apiSecret));
    }

    /**
     * The warm-up of both paths, over REST with the site's new key (a REST call costs milliseconds, a bench command a
     * Python start-up): an Administrator password is set — after new-site, not trusted from it: a host-wide
     * {@code admin_password} in common_site_config.json overrides new-site's — and logged in with while the API
     * call proves the key; then the password that logged in is replaced by a fresh random one that nobody keeps, so
     * no password Benchline ever held still opens the site. The customer logs in as their own user; an operator who
     * needs Administrator sets a password on the host ({@code bench --site S set-admin-password}). A retry or a
     * restarted run sets (and logs in with) a new password.
     */
    private void warmUpOverRest(URI baseUrl, Secret apiKey, Secret apiSecret) {
        Secret password = passwords.next();
        besideApiCall(baseUrl, apiKey, apiSecret, () -> {
            administration.setAdministratorPassword(baseUrl, site.value(), apiKey, apiSecret, password);
            hosts.warmUp().loginAsAdministrator(baseUrl, site.value(), password);
        });
        administration.setAdministratorPassword(baseUrl, site.value(), apiKey, apiSecret, passwords.next());
        // Carried by the outcome's write; a resumed run that misses it warms up again (a new password).
        record.note(record.entry().withFinished(ProvisioningStep.WARM_UP));
    }

    /**
     * Runs {@code login} (set the password, log in with it) while the API call with the new key is in flight: the call
     * needs nothing of the login, so the two round trips overlap. Both must succeed; the first failure is thrown, and
     * a call still in flight when the login fails is cancelled.
     */
    private void besideApiCall(URI baseUrl, Secret apiKey, Secret apiSecret, Runnable login) {
        CompletableFuture<Void> call = hosts.warmUp().startCallWithApiKey(baseUrl, site.value(), apiKey, apiSecret);
        try {
            login.run();
            call.get();
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new RunCancelled();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (RuntimeException e) {
            call.cancel(true);
            throw e;
        }
    }

    /**
     * A site this tenant started would hold its subdomain for good once the signup has failed: signup-service
     * releases the name, and the next signup for it would find a site it did not start (SUBDOMAIN_TAKEN). So before
     * giving up, drop what this tenant built, half-built or whole. Never after SUBDOMAIN_TAKEN: that site is someone
     * else's. Best effort: a failed drop is logged and the runbook's clean-up step finds the site.
     */
    private void dropOwnSite() {
        if (site == null
                || !record.entry().siteCreationStarted()
                || record.entry().deadlinePassed(record.now())) {
            return;
        }
        try {
            hosts.bench().dropSite(host, site);
            log.info("tenant {}: dropped its site {} on {} before giving up", tenantId, site, host.id());
        } catch (RuntimeException e) {
            log.warn("tenant {}: could not drop its site {} on {}: {}", tenantId, site, host.id(), e.getMessage());
        }
    }

    /** Runs {@code body} as {@code step}: reported, timed, retried while transient, translated when it gives up. */
    private void step(ProvisioningStep step, String started, String finished, RetryTemplate retry, Runnable body) {
        record.checkCancelled();
        if (record.entry().deadlinePassed(record.now())) {
            throw new StepFailed(FailureReason.DEADLINE_EXCEEDED, false, "deadline passed before " + step);
        }
        progress(step, StepPhase.STARTED, started);
        Timer.Sample sample = record.metrics().start();
        try {
            retry.execute(() -> {
                record.checkCancelled();
                body.run();
                return null;
            });
        } catch (RetryException e) {
            record.checkCancelled();
            record.metrics().stepEnded(sample, step, host.id(), "failure");
            throw asFailure(step, e);
        }
        record.metrics().stepEnded(sample, step, host.id(), "success");
        progress(step, StepPhase.FINISHED, finished);
    }

    private StepFailed asFailure(ProvisioningStep step, RetryException e) {
        Throwable last = e.getCause() != null ? e.getCause() : e.getLastException();
        if (last instanceof RunCancelled cancelled) {
            throw cancelled;
        }
        if (last instanceof KafkaUnavailable kafka) {
            // A write the step made after its work: Kafka's, never the step's failure (RunRecord waited for it).
            throw kafka;
        }
        if (last instanceof BenchCommandException b
                && b.isHostProblem()
                && !record.entry().siteCreationStarted()) {
            throw new HostUnfit(b.getMessage());
        }
        StepFailed failure = StepFailed.of(step, host.id(), last, e.getRetryCount());
        if (failure != null) {
            return failure;
        }
        log.error("tenant {}: unexpected error in {}", tenantId, step, last);
        return StepFailed.internalError(step, host.id(), last);
    }

    private void progress(ProvisioningStep step, StepPhase phase, String message) {
        record.progress(step, phase, host.id(), message);
    }
}
