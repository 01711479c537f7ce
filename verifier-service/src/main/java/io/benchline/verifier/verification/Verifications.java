package io.benchline.verifier.verification;

import io.benchline.events.SecretPurpose;
import io.benchline.events.SiteProvisioned;
import io.benchline.platform.secrets.SealedField;
import io.benchline.platform.secrets.SealingContext;
import io.benchline.platform.secrets.SealingException;
import io.benchline.platform.secrets.SecretSealer;
import io.benchline.platform.secrets.SecretSealers;
import io.benchline.platform.sites.SiteAddress;
import io.benchline.platform.sites.SiteAddressPolicy;
import io.benchline.platform.sites.UntrustedSiteAddress;
import io.benchline.verifier.probe.ProbeOutcome;
import io.benchline.verifier.probe.ProbeResult;
import io.benchline.verifier.probe.ProbeTarget;
import io.benchline.verifier.probe.SiteVerifier;
import io.benchline.verifier.probe.Verdict;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Runs at most one verification per tenant and signup attempt ({@code Signup.attempt}): a higher attempt (an
 * operator's RETRY) is new work, the same attempt again a redelivery. A SiteProvisioned is recorded as PROBING in the
 * decision log (so a restart resumes it) while its first probe is already under way; only once PROBING is on the log
 * is its outcome event published, then the decision is recorded as DECIDED (so a redelivery emits nothing). Probing runs on Reactor timers: {@link #on} returns as soon as the
 * verification has started. Before the credentials are opened, the event's site URL must pass the
 * {@link SiteAddressPolicy} (an event is input, not authority); they open only for that tenant and site host.
 */
@Component
public class Verifications implements DisposableBean {

    static final String ACTIVE = "ACTIVE";
    static final String EXPIRED = "EXPIRED";

    private static final Logger log = LoggerFactory.getLogger(Verifications.class);
    private static final Duration RECORD_TIMEOUT = Duration.ofSeconds(15);
    private static final Retry KAFKA_WRITE_RETRY = Retry.backoff(8, Duration.ofMillis(500))
            .maxBackoff(Duration.ofSeconds(10))
            .transientErrors(true);

    private final SiteVerifier verifier;
    private final SecretSealer credentials;
    private final SiteAddressPolicy sites;
    private final DecisionLog decisions;
    private final OutcomePublisher outcomes;
    private final Clock clock;
    private final VerificationMetrics metrics;
    private final Map<UUID, Tenant> tenants = new ConcurrentHashMap<>();

    /** A tenant this instance knows: its input partition, its latest decision, and its running probes if any. */
    private record Tenant(int partition, Decision decision, Disposable run) {}

    public Verifications(
            SiteVerifier verifier,
            SecretSealers sealers,
            SiteAddressPolicy sites,
            DecisionLog decisions,
            OutcomePublisher outcomes,
            Clock clock,
            MeterRegistry registry) {
        this.verifier = verifier;
        // Fails at start-up when the site-credentials keyset is missing, not on the first signup.
        this.credentials = sealers.forPurpose(SecretPurpose.SITE_CREDENTIALS);
        sites.requireDomains("verifier-service");
        this.sites = sites;
        this.decisions = decisions;
        this.outcomes = outcomes;
        this.clock = clock;
        this.metrics = new VerificationMetrics(registry, this::inFlight);
    }

    /** Takes a SiteProvisioned from the given input partition; returns once its verification is under way. */
    public void on(SiteProvisioned event, int partition) {
        UUID tenantId = event.getTenantId();
        int attempt = event.getSignup().getAttempt();
        log.debug("SiteProvisioned {} of tenant {} taken from partition {}", event.getEventId(), tenantId, partition);
        Tenant known = tenants.get(tenantId);
        if (known != null && attempt <= known.decision().attempt()) {
            metrics.duplicate();
            log.info(
                    "Ignoring SiteProvisioned {} (attempt {}) for tenant {}: already {} for attempt {} (event {})",
                    event.getEventId(),
                    attempt,
                    tenantId,
                    known.decision().state(),
                    known.decision().attempt(),
                    known.decision().eventId());
            return;
        }
        if (known != null) {
            // An operator's RETRY: the new attempt replaces whatever is left of the older one.
            log.info(
                    "SiteProvisioned {} starts attempt {} for tenant {} (attempt {} was {})",
                    event.getEventId(),
                    attempt,
                    tenantId,
                    known.decision().attempt(),
                    known.decision().state());
            if (known.run() != null) {
                known.run().dispose();
            }
            tenants.remove(tenantId, known);
        }
        Instant now = clock.instant();
        if (now.isAfter(event.getSignup().getDeadlineAt())) {
            Decision expired = Decision.decided(tenantId, event.getEventId(), now, EXPIRED, attempt);
            await(decisions.record(partition, expired), tenantId);
            tenants.put(tenantId, new Tenant(partition, expired, null));
            metrics.decided(EXPIRED, 0);
            log.warn("Not verifying tenant {}: its signup deadline has passed; emitting nothing", tenantId);
            return;
        }
        Decision probing = Decision.probing(event, now);
        // The first probe goes out before PROBING is even encoded and handed to the producer (a probe is a read:
        // nothing to undo; its connection is opened on the event loop meanwhile), but no outcome is published before
        // PROBING is on the log, and the record is not done (its offset not committed) before then either: a restart
        // still finds every verification it must resume.
        CompletableFuture<Void> recorded = new CompletableFuture<>();
        Tenant started = start(partition, probing, recorded);
        try {
            decisions.record(partition, probing).whenComplete((written, error) -> {
                if (error != null) {
                    recorded.completeExceptionally(error);
                } else {
                    recorded.complete(null);
                }
            });
        } catch (RuntimeException e) {
            recorded.completeExceptionally(e); // e.g. the producer refused the record at once
        }
        try {
            await(recorded, tenantId);
        } catch (IllegalStateException e) {
            // Not started after all: the retried record starts it again from the beginning.
            started.run().dispose();
            tenants.remove(tenantId, started);
            throw e;
        }
    }

    /** Takes over the decisions of a newly assigned partition and resumes the verifications left PROBING. */
    public void adopt(int partition, Collection<Decision> restored) {
        for (Decision decision : restored) {
            if (decision.probing()) {
                log.info(
                        "Resuming the verification of tenant {} started at {}",
                        decision.tenantId(),
                        decision.startedAt());
                metrics.resumed();
                start(partition, decision, CompletableFuture.completedFuture(null));
            } else {
                tenants.put(decision.tenantId(), new Tenant(partition, decision, null));
            }
        }
    }

    /** Forgets a partition this instance no longer owns; its running verifications stop and resume elsewhere. */
    public void release(int partition) {
        tenants.values().removeIf(tenant -> {
            if (tenant.partition() != partition) {
                return false;
            }
            if (tenant.run() != null) {
                tenant.run().dispose();
            }
            return true;
        });
    }

    /** Running verifications stop; they stay PROBING in the decision log and resume on the next start. */
    @Override
    public void destroy() {
        tenants.values().forEach(tenant -> {
            if (tenant.run() != null) {
                tenant.run().dispose();
            }
        });
        tenants.clear();
    }

    int inFlight() {
        return (int)
                tenants.values().stream().filter(t -> t.decision().probing()).count();
    }

    /** @param recorded completes once {@code probing} is on the decision log; no outcome is published before */
    private Tenant start(int partition, Decision probing, CompletableFuture<Void> recorded) {
        SiteProvisioned event = probing.event();
        Disposable.Swap run = Disposables.swap();
        Tenant tenant = new Tenant(partition, probing, run);
        tenants.put(probing.tenantId(), tenant);
        Mono<Void> verification = Mono.fromCallable(() -> target(event))
                .flatMap(target -> verifier.verify(
                        target, probing.startedAt(), event.getSignup().getDeadlineAt()))
                .onErrorResume(UntrustedSiteAddress.class, e -> {
                    log.warn("Not probing tenant {}: {}", probing.tenantId(), e.getMessage());
                    return Mono.just(new Verdict(
                            new ProbeResult(ProbeOutcome.UNTRUSTED_SITE, e.getMessage()), 0, Duration.ZERO));
                })
                .onErrorResume(SealingException.class, e -> {
                    log.error("Cannot open the site credentials of tenant {}: {}", probing.tenantId(), e.getMessage());
                    return Mono.just(new Verdict(
                            new ProbeResult(
                                    ProbeOutcome.MISCONFIGURED,
                                    "its credentials do not open with this service's site-credentials keyset for"
                                            + " this tenant and site (another keyset, or copied from another"
                                            + " tenant's or site's event)"),
                            0,
                            Duration.ZERO));
                })
                // suppressCancel: disposing this run must not cancel the write the listener still waits for. A
                // failed write ends the run quietly: the listener stops it and the record is retried.
                .flatMap(verdict -> Mono.fromFuture(recorded, true)
                        .thenReturn(true)
                        .onErrorReturn(false)
                        .flatMap(written -> written ? conclude(tenant, verdict) : Mono.empty()));
        run.update(verification.subscribe(
                null,
                error -> log.error(
                        "Verification of tenant {} stopped unexpectedly; it resumes on the next start",
                        probing.tenantId(),
                        error)));
        return tenant;
    }

    /** Checks the site URL first: a refused one is never handed to the probe, and no credential is opened for it. */
    private ProbeTarget target(SiteProvisioned event) {
        var site = event.getSite();
        SiteAddress address = sites.check(event.getSignup().getSubdomain(), site.getSiteUrl());
        SealingContext sealedFor = new SealingContext(event.getTenantId(), address.host());
        ProbeTarget target = new ProbeTarget(
                site.getSiteName(),
                address.url().toString(),
                credentials.open(sealedFor, SealedField.API_KEY, site.getApiKey()),
                credentials.open(sealedFor, SealedField.API_SECRET, site.getApiSecret()));
        log.debug("Probing {} for tenant {}", target.siteUrl(), event.getTenantId());
        return target;
    }

    private Mono<Void> conclude(Tenant tenant, Verdict verdict) {
        if (tenants.get(tenant.decision().tenantId()) != tenant) {
            return Mono.empty(); // released while the last probe was under way: the new owner decides
        }
        SiteProvisioned event = tenant.decision().event();
        Instant now = clock.instant();
        if (now.isAfter(event.getSignup().getDeadlineAt())) {
            log.warn(
                    "Verification of tenant {} ended after its signup deadline; emitting nothing", event.getTenantId());
            return recordDecided(tenant, EXPIRED, verdict);
        }
        SpecificRecord outcome = OutcomeEvents.of(event, verdict, now);
        String name = verdict.active()
                ? ACTIVE
                : OutcomeEvents.reason(verdict.last().outcome()).name();
        return Mono.fromFuture(() -> outcomes.publish(outcome))
                .retryWhen(KAFKA_WRITE_RETRY)
                .then(recordDecided(tenant, name, verdict));
    }

    private Mono<Void> recordDecided(Tenant tenant, String outcome, Verdict verdict) {
        Decision decided = tenant.decision().decided(outcome);
        return Mono.fromFuture(() -> decisions.record(tenant.partition(), decided))
                .retryWhen(KAFKA_WRITE_RETRY)
                .doOnSuccess(ignored -> {
                    tenants.replace(decided.tenantId(), tenant, new Tenant(tenant.partition(), decided, null));
                    metrics.decided(outcome, verdict.attempts());
                    if (verdict.active() && !EXPIRED.equals(outcome)) {
                        metrics.activated(verdict.elapsed());
                        log.info(
                                "Keys active for tenant {} ({}) after {} probes in {} ms",
                                decided.tenantId(),
                                tenant.decision().event().getSite().getSiteName(),
                                verdict.attempts(),
                                verdict.elapsed().toMillis());
                    } else {
                        log.warn(
                                "Verification of tenant {} ({}) ended {} after {} probes: {}",
                                decided.tenantId(),
                                tenant.decision().event().getSite().getSiteName(),
                                outcome,
                                verdict.attempts(),
                                verdict.last().detail());
                    }
                });
    }

    private static void await(CompletableFuture<Void> write, UUID tenantId) {
        try {
            write.get(RECORD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Thrown to the listener: the record is retried, then dead-lettered, and nothing was started.
            throw new IllegalStateException("cannot record the verifier's decision for tenant " + tenantId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording the decision for tenant " + tenantId, e);
        }
    }
}
