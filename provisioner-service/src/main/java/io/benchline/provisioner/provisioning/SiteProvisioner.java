package io.benchline.provisioner.provisioning;

import io.benchline.events.FailureReason;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.SecretPurpose;
import io.benchline.events.Signup;
import io.benchline.platform.secrets.SealedField;
import io.benchline.platform.secrets.Secret;
import io.benchline.platform.secrets.SecretSealer;
import io.benchline.platform.secrets.SecretSealers;
import io.benchline.provisioner.bench.BenchCommandException;
import io.benchline.provisioner.bench.BenchShell;
import io.benchline.provisioner.bench.SiteName;
import io.benchline.provisioner.bench.SiteState;
import io.benchline.provisioner.hosts.BenchHost;
import io.benchline.provisioner.hosts.BenchHostPool;
import io.benchline.provisioner.hosts.SlotLease;
import io.benchline.provisioner.warmup.SiteWarmUp;
import io.benchline.provisioner.warmup.WarmUpException;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * Runs the provisioning steps of one tenant on its slot, resuming from the ledger entry: every step first looks at
 * what the ledger (and the host) says is done, records its result durably before anything is emitted, and is
 * reported as started/finished. Transient failures are retried with backoff; anything else fails the tenant at once.
 */
public final class SiteProvisioner {

    private static final Logger log = LoggerFactory.getLogger(SiteProvisioner.class);
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int PASSWORD_LENGTH = 32;

    /** How a run ended, for the scheduler. */
    enum RunEnd {
        /** Outcome recorded (and emitted unless abandoned). */
        SETTLED,
        /** The host turned out to be unreachable before anything was built there: pick another. */
        REQUEUE,
        /** Stopped by shutdown or a lost partition; the next owner resumes from the ledger. */
        CANCELLED
    }

    private final BenchShell bench;
    private final BenchHostPool pool;
    private final SiteWarmUp warmUp;
    private final Ledger ledger;
    private final ProvisioningEvents events;
    private final ProvisioningMetrics metrics;
    private final SecretSealer sealer;
    private final RetryTemplate stepRetry;
    private final RetryTemplate warmUpRetry;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Temporary Administrator passwords, in memory only: lost on restart, then reset before the warm-up. */
    private final Map<UUID, Secret> adminPasswords = new ConcurrentHashMap<>();

    public SiteProvisioner(
            BenchShell bench,
            BenchHostPool pool,
            SiteWarmUp warmUp,
            Ledger ledger,
            ProvisioningEvents events,
            ProvisioningMetrics metrics,
            SecretSealers sealers,
            RetrySettings stepRetry,
            RetrySettings warmUpRetry,
            Clock clock) {
        this.bench = bench;
        this.pool = pool;
        this.warmUp = warmUp;
        this.ledger = ledger;
        this.events = events;
        this.metrics = metrics;
        this.sealer = sealers.forPurpose(SecretPurpose.SITE_CREDENTIALS);
        this.stepRetry = retryTemplate(stepRetry);
        this.warmUpRetry = retryTemplate(warmUpRetry);
        this.clock = clock;
    }

    /** Whether this entry needs a slot at all: outcomes to re-send, expired and invalid requests do not. */
    boolean needsSlot(LedgerEntry entry) {
        return entry.outcome() == null
                && !deadlinePassed(entry)
                && invalidRequest(entry).isEmpty();
    }

    /** The site domain the request's site name is under, if a configured host serves it. */
    Optional<String> siteDomain(LedgerEntry entry) {
        Signup signup = entry.request().getSignup();
        String prefix = signup.getSubdomain() + ".";
        return pool.hosts().stream()
                .map(BenchHost::siteDomain)
                .filter(domain -> signup.getSiteName().equals(prefix + domain))
                .findFirst();
    }

    /** Settles an entry that needs no slot: re-sends a decided outcome, abandons an expired one, fails an invalid one. */
    RunEnd settleWithoutSlot(LedgerEntry entry, BooleanSupplier cancelled) {
        return new Run(entry, null, cancelled).settleOnly();
    }

    /** Fails a tenant that waited too long while no bench host could take it. */
    RunEnd failWaiting(LedgerEntry entry, String message, BooleanSupplier cancelled) {
        return new Run(entry, null, cancelled)
                .fail(new StepFailed(FailureReason.NO_BENCH_HOST_AVAILABLE, true, message));
    }

    RunEnd provision(LedgerEntry entry, SlotLease lease, BooleanSupplier cancelled) {
        return new Run(entry, lease.host(), cancelled).execute();
    }

    LedgerEntry latest(LedgerEntry entry) {
        return ledger.find(entry.tenantId()).orElse(entry);
    }

    private boolean deadlinePassed(LedgerEntry entry) {
        return !clock.instant().isBefore(entry.request().getSignup().getDeadlineAt());
    }

    private Optional<String> invalidRequest(LedgerEntry entry) {
        Signup signup = entry.request().getSignup();
        if (!SiteName.isValidSubdomain(signup.getSubdomain())) {
            return Optional.of("subdomain is not a valid RFC 1123 label of 3-63 characters");
        }
        if (siteDomain(entry).isEmpty()) {
            return Optional.of("site name is not <subdomain>.<a site domain of a configured bench host>");
        }
        return Optional.empty();
    }

    private static RetryTemplate retryTemplate(RetrySettings settings) {
        return new RetryTemplate(RetryPolicy.builder()
                .maxRetries(Math.max(0, settings.maxAttempts() - 1))
                .delay(settings.initialDelay())
                .multiplier(settings.multiplier())
                .maxDelay(settings.maxDelay())
                .predicate(SiteProvisioner::isTransient)
                .build());
    }

    private static boolean isTransient(Throwable t) {
        return (t instanceof BenchCommandException b && b.isTransient())
                || (t instanceof WarmUpException w && w.isTransient());
    }

    private Secret newPassword() {
        StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return Secret.of(password.toString());
    }

    /** Thrown when the run must stop without recording or emitting anything more. */
    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    /** One attempt at provisioning one tenant. */
    private final class Run {
        private LedgerEntry entry;
        private final BenchHost host;
        private final BooleanSupplier cancelled;
        private final UUID tenantId;
        private SiteName site;

        Run(LedgerEntry entry, BenchHost host, BooleanSupplier cancelled) {
            this.entry = entry;
            this.host = host;
            this.cancelled = cancelled;
            this.tenantId = entry.tenantId();
        }

        RunEnd settleOnly() {
            try {
                if (entry.outcome() != null) {
                    publishOutcome();
                } else if (deadlinePassed(entry)) {
                    abandon();
                } else {
                    Optional<String> invalid = invalidRequest(entry);
                    if (invalid.isPresent()) {
                        return fail(new StepFailed(
                                FailureReason.INVALID_REQUEST, false, "request rejected: " + invalid.get()));
                    }
                }
                return RunEnd.SETTLED;
            } catch (Cancelled c) {
                return RunEnd.CANCELLED;
            }
        }

        RunEnd execute() {
            try {
                site = SiteName.of(entry.request().getSignup().getSubdomain(), host.siteDomain());
                if (!chooseHost()) {
                    return RunEnd.REQUEUE;
                }
                createSite();
                generateKeys();
                publishSite();
                warmUpSite();
                if (deadlinePassed(entry)) {
                    abandon();
                    return RunEnd.SETTLED;
                }
                decide(new LedgerEntry.Outcome(
                        LedgerEntry.Outcome.Kind.PROVISIONED,
                        UUID.randomUUID(),
                        clock.instant(),
                        null,
                        null,
                        false,
                        false));
                log.info("tenant {}: site {} provisioned on {}", tenantId, site, host.id());
                return RunEnd.SETTLED;
            } catch (StepFailed failure) {
                return fail(failure);
            } catch (Cancelled c) {
                return RunEnd.CANCELLED;
            } finally {
                adminPasswords.remove(tenantId);
            }
        }

        RunEnd fail(StepFailed failure) {
            try {
                if (deadlinePassed(entry)) {
                    abandon();
                    return RunEnd.SETTLED;
                }
                log.warn("tenant {}: provisioning failed ({}): {}", tenantId, failure.reason(), failure.getMessage());
                dropOwnSite();
                decide(new LedgerEntry.Outcome(
                        LedgerEntry.Outcome.Kind.FAILED,
                        UUID.randomUUID(),
                        clock.instant(),
                        failure.reason(),
                        failure.getMessage(),
                        failure.retryable(),
                        false));
                metrics.failed(failure.reason());
                return RunEnd.SETTLED;
            } catch (Cancelled c) {
                return RunEnd.CANCELLED;
            }
        }

        /**
         * A site this tenant started would hold its subdomain for good once the signup has failed: signup-service
         * releases the name, and the next signup for it would find a site it did not start (SUBDOMAIN_TAKEN). So
         * before giving up, drop what this tenant built, half-built or whole. Best effort: a failed drop is logged
         * and the next attempt's operator sees the site in the runbook's clean-up step.
         */
        private void dropOwnSite() {
            if (site == null || host == null || !entry.siteCreationStarted()) {
                return;
            }
            try {
                bench.dropSite(host, site);
                log.info("tenant {}: dropped its site {} on {} before giving up", tenantId, site, host.id());
            } catch (RuntimeException e) {
                log.warn("tenant {}: could not drop its site {} on {}: {}", tenantId, site, host.id(), e.getMessage());
            }
        }

        private boolean chooseHost() {
            if (entry.hostId() != null) {
                return true;
            }
            progress(ProvisioningStep.CHOOSE_HOST, false, "Choosing a bench host");
            Timer.Sample sample = metrics.start();
            try {
                bench.checkReachable(host);
            } catch (BenchCommandException e) {
                checkCancelled();
                metrics.stepEnded(sample, ProvisioningStep.CHOOSE_HOST, host.id(), "unreachable");
                log.warn("tenant {}: bench host {} skipped: {}", tenantId, host.id(), e.getMessage());
                pool.markUnreachable(host.id(), e.getMessage());
                return false;
            }
            pool.markReachable(host.id());
            save(entry.withHost(host.id()).withFinished(ProvisioningStep.CHOOSE_HOST));
            metrics.stepEnded(sample, ProvisioningStep.CHOOSE_HOST, host.id(), "success");
            progress(ProvisioningStep.CHOOSE_HOST, true, "Bench host " + host.id() + " chosen");
            return true;
        }

        private void createSite() {
            if (entry.isFinished(ProvisioningStep.CREATE_SITE)) {
                return;
            }
            step(
                    ProvisioningStep.CREATE_SITE,
                    "Creating site " + site + " with ERPNext",
                    "Site " + site + " created",
                    stepRetry,
                    () -> {
                        SiteState state = bench.siteState(host, site);
                        if (!entry.siteCreationStarted()) {
                            if (state != SiteState.ABSENT) {
                                throw new StepFailed(
                                        FailureReason.SUBDOMAIN_TAKEN,
                                        false,
                                        "site " + site + " already exists on bench host " + host.id()
                                                + " and was not created for this tenant");
                            }
                            // Recorded BEFORE new-site runs: from now on a site of this name on this host is ours.
                            save(entry.withSiteCreationStarted());
                        }
                        if (state == SiteState.INCOMPLETE) {
                            log.info("tenant {}: dropping half-built site {} on {}", tenantId, site, host.id());
                            bench.dropSite(host, site);
                        }
                        if (state != SiteState.COMPLETE) {
                            Secret password = newPassword();
                            adminPasswords.put(tenantId, password);
                            bench.newSite(host, site, password);
                        }
                        save(entry.withFinished(ProvisioningStep.CREATE_SITE));
                    });
        }

        private void generateKeys() {
            if (entry.credentials() != null) {
                // Never again: each generate_keys rotates the secret, and this one may already be in use.
                return;
            }
            step(ProvisioningStep.GENERATE_KEYS, "Generating API keys", "API keys generated", stepRetry, () -> {
                Secret apiSecret = bench.generateApiSecret(host, site);
                Secret apiKey = bench.readApiKey(host, site);
                save(entry.withCredentials(new LedgerEntry.StoredCredentials(
                                bytes(sealer.seal(tenantId, SealedField.API_KEY, apiKey)),
                                bytes(sealer.seal(tenantId, SealedField.API_SECRET, apiSecret))))
                        .withFinished(ProvisioningStep.GENERATE_KEYS));
            });
        }

        private void publishSite() {
            if (entry.isFinished(ProvisioningStep.PUBLISH_SITE)) {
                return;
            }
            String started = host.publish() ? "Publishing " + site + " to the web server" : "Site needs no publishing";
            step(ProvisioningStep.PUBLISH_SITE, started, "Site published", stepRetry, () -> {
                if (host.publish()) {
                    bench.setupNginx(host);
                    bench.reloadWebServer(host);
                }
                save(entry.withFinished(ProvisioningStep.PUBLISH_SITE));
            });
        }

        private void warmUpSite() {
            if (entry.isFinished(ProvisioningStep.WARM_UP)) {
                return;
            }
            Secret apiKey = open(SealedField.API_KEY, entry.credentials().apiKey());
            Secret apiSecret = open(SealedField.API_SECRET, entry.credentials().apiSecret());
            URI baseUrl = host.warmUpBaseUrl()
                    .orElseGet(() -> URI.create(entry.request().getSignup().getSiteUrl()));
            step(ProvisioningStep.WARM_UP, "Warming up the site", "Site answers", warmUpRetry, () -> {
                Secret password = adminPasswords.get(tenantId);
                if (password == null) {
                    // The process restarted since new-site: the password was never stored, so set a new one.
                    password = newPassword();
                    bench.setAdminPassword(host, site, password);
                    adminPasswords.put(tenantId, password);
                }
                warmUp.loginAsAdministrator(baseUrl, site.value(), password);
                warmUp.callWithApiKey(baseUrl, site.value(), apiKey, apiSecret);
                save(entry.withFinished(ProvisioningStep.WARM_UP));
            });
        }

        private void step(
                ProvisioningStep step,
                String startedMessage,
                String finishedMessage,
                RetryTemplate retry,
                Runnable body) {
            checkCancelled();
            if (deadlinePassed(entry)) {
                throw new StepFailed(FailureReason.DEADLINE_EXCEEDED, false, "deadline passed before " + step);
            }
            progress(step, false, startedMessage);
            Timer.Sample sample = metrics.start();
            try {
                retry.execute(() -> {
                    checkCancelled();
                    body.run();
                    return null;
                });
            } catch (RetryException e) {
                checkCancelled();
                Throwable last = e.getCause() != null ? e.getCause() : e.getLastException();
                metrics.stepEnded(sample, step, host.id(), "failure");
                throw asFailure(step, last, e.getRetryCount());
            }
            metrics.stepEnded(sample, step, host.id(), "success");
            progress(step, true, finishedMessage);
        }

        private StepFailed asFailure(ProvisioningStep step, Throwable last, int retries) {
            String tries = retries > 0 ? " (after " + (retries + 1) + " tries)" : "";
            if (last instanceof StepFailed failed) {
                return failed;
            }
            if (last instanceof BenchCommandException e) {
                return new StepFailed(e.reason(), e.isTransient(), step + " failed" + tries + ": " + e.getMessage());
            }
            if (last instanceof WarmUpException e) {
                return new StepFailed(
                        e.reason(),
                        e.isTransient(),
                        step + " failed" + tries + " on host " + host.id() + ": " + e.getMessage());
            }
            if (last instanceof Cancelled c) {
                throw c;
            }
            log.error("tenant {}: unexpected error in {}", tenantId, step, last);
            return new StepFailed(
                    FailureReason.INTERNAL_ERROR,
                    true,
                    step + " failed on host " + host.id() + ": internal error ("
                            + last.getClass().getSimpleName() + ")");
        }

        private void decide(LedgerEntry.Outcome outcome) {
            save(entry.withOutcome(outcome));
            publishOutcome();
        }

        private void publishOutcome() {
            checkCancelled();
            if (entry.outcome().kind() == LedgerEntry.Outcome.Kind.PROVISIONED) {
                events.provisioned(entry);
            } else if (entry.outcome().kind() == LedgerEntry.Outcome.Kind.FAILED) {
                events.failed(entry);
            }
            save(entry.withOutcome(entry.outcome().asPublished()));
        }

        private void abandon() {
            log.info(
                    "tenant {}: deadline passed, stopping without an outcome (signup-service reports the timeout)",
                    tenantId);
            save(entry.withOutcome(new LedgerEntry.Outcome(
                    LedgerEntry.Outcome.Kind.ABANDONED, UUID.randomUUID(), clock.instant(), null, null, false, false)));
        }

        private void save(LedgerEntry next) {
            checkCancelled();
            ledger.record(next);
            entry = next;
        }

        private void progress(ProvisioningStep step, boolean finished, String message) {
            events.progressed(tenantId, step, finished, host == null ? null : host.id(), message);
        }

        private void checkCancelled() {
            if (cancelled.getAsBoolean()) {
                throw new Cancelled();
            }
        }

        private Secret open(SealedField field, byte[] ciphertext) {
            return sealer.open(
                    tenantId,
                    field,
                    io.benchline.events.SealedSecret.newBuilder()
                            .setPurpose(SecretPurpose.SITE_CREDENTIALS)
                            .setCiphertext(ByteBuffer.wrap(ciphertext))
                            .build());
        }

        private static byte[] bytes(io.benchline.events.SealedSecret sealed) {
            ByteBuffer buffer = sealed.getCiphertext().duplicate();
            byte[] out = new byte[buffer.remaining()];
            buffer.get(out);
            return out;
        }
    }
}
