package io.benchline.provisioner.handoff;

import io.benchline.events.LoginKeyIssued;
import io.benchline.events.SealedSecret;
import io.benchline.events.SecretPurpose;
import io.benchline.events.Signup;
import io.benchline.platform.kafka.EventPublisher;
import io.benchline.platform.secrets.SealedField;
import io.benchline.platform.secrets.SealingContext;
import io.benchline.platform.secrets.Secret;
import io.benchline.platform.secrets.SecretSealers;
import io.benchline.platform.sites.SiteAddressPolicy;
import io.benchline.platform.sites.UntrustedSiteAddress;
import io.benchline.provisioner.bench.BenchCommandException;
import io.benchline.provisioner.bench.LoginKeyUsers;
import io.benchline.provisioner.bench.SiteName;
import io.benchline.provisioner.hosts.BenchHost;
import io.benchline.provisioner.provisioning.HostAccess;
import io.benchline.provisioner.provisioning.Ledger;
import io.benchline.provisioner.provisioning.LedgerEntry;
import io.benchline.provisioner.provisioning.TenantRecords;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each LoginKeyRequested once with a LoginKeyIssued. The request names only the tenant: the site, its host
 * and the customer's email come from the ledger entry of the TenantRequested this provisioner provisioned, and a
 * tenant it never provisioned, or whose provisioning has not finished, or that was removed, is refused before
 * anything reaches a host. The key is minted with {@code _generate_temporary_login_link} over SSH, only the key is
 * kept from the printed link, and it is sealed (LOGIN_KEY, field loginKey, tenant + site host) before it is written
 * anywhere. Neither the key nor the link is ever logged.
 *
 * <p>Once per request: the answer is written to the hand-off store before it is published, and {@code MINTING} is
 * written before the key is minted, so a redelivered request re-sends the stored answer (a request interrupted
 * mid-mint by a crash is answered with a failure) instead of minting again.
 */
public final class LoginKeys {

    private static final Logger log = LoggerFactory.getLogger(LoginKeys.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final HostAccess hosts;
    private final Ledger ledger;
    private final Clock clock;
    private final HandoffStore store;
    private final SecretSealers sealers;
    private final SiteAddressPolicy sites;
    private final EventPublisher publisher;
    private final HandoffMetrics metrics;
    private final Settings settings;

    /**
     * @param minutes how long the site accepts a key (1..60); short, as the customer is redirected at once
     * @param requestMaxAge requests older than this are refused: nobody waits for their answer any more
     */
    public record Settings(int minutes, Duration requestMaxAge) {}

    /** Where the key goes: sealed with the LOGIN_KEY keyset for the tenant's checked site host. */
    public record Sealing(SecretSealers sealers, SiteAddressPolicy sites) {}

    public LoginKeys(
            HostAccess hosts,
            TenantRecords records,
            HandoffStore store,
            Sealing sealing,
            EventPublisher publisher,
            HandoffMetrics metrics,
            Settings settings) {
        this.hosts = hosts;
        this.ledger = records.ledger();
        this.clock = records.clock();
        this.store = store;
        this.sealers = sealing.sealers();
        this.sites = sealing.sites();
        this.publisher = publisher;
        this.metrics = metrics;
        this.settings = settings;
        if (!sealers.holds(SecretPurpose.LOGIN_KEY)) {
            log.warn("no LOGIN_KEY keyset (benchline.secrets.keysets.login-key.file|json): every login-key request"
                    + " will be refused");
        }
    }

    /** The request partitions this instance now owns: their answers are loaded, for redeliveries. */
    public void partitionsAssigned(Collection<Integer> partitions) {
        store.load(partitions);
    }

    public void partitionsRevoked(Collection<Integer> partitions) {
        store.forget(partitions);
    }

    /** Answers the request (from the request topic's {@code partition}); returns once Kafka has the answer. */
    public void requested(UUID tenantId, UUID requestId, Instant requestedAt, int partition) {
        Optional<HandoffRecord> known = store.find(HandoffRecord.answerKey(requestId));
        if (known.isPresent() && known.get() instanceof HandoffRecord.LoginKeyAnswer answer) {
            answerAgain(answer);
            return;
        }
        Optional<String> refusal = refusal(tenantId, requestedAt, partition);
        if (refusal.isPresent()) {
            metrics.loginKey("refused");
            log.info("tenant {}: login-key request {} refused: {}", tenantId, requestId, refusal.get());
            answer(HandoffRecord.LoginKeyAnswer.failed(tenantId, requestId, partition, clock.instant(), refusal.get()));
            return;
        }
        LedgerEntry entry = ledger.latest(tenantId, partition).orElseThrow();
        BenchHost host = hosts.pool().host(entry.hostId()).orElseThrow();
        Signup signup = entry.request().getSignup();
        SiteName site = SiteName.of(signup.getSubdomain(), host.siteDomain());
        SealingContext context = new SealingContext(
                tenantId,
                sites.check(signup.getSubdomain(), signup.getSiteUrl()).host());

        store.record(HandoffRecord.LoginKeyAnswer.minting(tenantId, requestId, partition, clock.instant()));
        // Counted from before the command: the site's own clock started no earlier, so this never overstates.
        Instant expiresAt = clock.instant().plus(Duration.ofMinutes(settings.minutes()));
        HandoffRecord.LoginKeyAnswer answer;
        try {
            Secret key = hosts.bench().temporaryLoginKey(host, site, signup.getEmail(), settings.minutes());
            SealedSecret sealed = sealers.forPurpose(SecretPurpose.LOGIN_KEY).seal(context, SealedField.LOGIN_KEY, key);
            answer = HandoffRecord.LoginKeyAnswer.issued(
                    tenantId, requestId, partition, clock.instant(), bytes(sealed), expiresAt);
            metrics.loginKey("issued");
            log.info(
                    "tenant {}: login key minted on {} (host {}) for request {}", tenantId, site, host.id(), requestId);
        } catch (BenchCommandException e) {
            // The message names the command, host and exit; a link's key is never in it (BenchShell).
            answer = HandoffRecord.LoginKeyAnswer.failed(
                    tenantId,
                    requestId,
                    partition,
                    clock.instant(),
                    "the site could not mint a login key (" + e.reason() + " on host " + host.id() + ")");
            metrics.loginKey("failed");
            log.warn("tenant {}: login key for request {} not minted: {}", tenantId, requestId, e.getMessage());
        }
        answer(answer);
    }

    private Optional<String> refusal(UUID tenantId, Instant requestedAt, int partition) {
        if (!sealers.holds(SecretPurpose.LOGIN_KEY)) {
            return Optional.of("login keys are not configured on the provisioner");
        }
        if (requestedAt != null && requestedAt.plus(settings.requestMaxAge()).isBefore(clock.instant())) {
            return Optional.of("the request is older than " + settings.requestMaxAge() + ": nobody waits for it");
        }
        Optional<LedgerEntry> found = ledger.latest(tenantId, partition);
        if (found.isEmpty()) {
            return Optional.of("the tenant was not provisioned by this provisioner");
        }
        LedgerEntry entry = found.get();
        LedgerEntry.Outcome outcome = entry.outcome();
        if (outcome == null || outcome.kind() != LedgerEntry.Outcome.Kind.PROVISIONED || !outcome.published()) {
            return Optional.of("the tenant's provisioning has not finished with a site");
        }
        // In memory: this instance owns the partition, and its removals are written through the same store. A
        // removal recorded by another instance is seen at the next assignment; until then the dropped site's
        // bench command fails and the answer is a failure all the same.
        if (store.find(HandoffRecord.removalKey(tenantId)).isPresent()) {
            return Optional.of("the tenant was removed");
        }
        if (entry.hostId() == null || hosts.pool().host(entry.hostId()).isEmpty()) {
            return Optional.of("the tenant's bench host is no longer configured");
        }
        Signup signup = entry.request().getSignup();
        try {
            sites.check(signup.getSubdomain(), signup.getSiteUrl());
        } catch (UntrustedSiteAddress e) {
            return Optional.of("the tenant's site address is not trusted: " + e.getMessage());
        }
        return LoginKeyUsers.refusal(signup.getEmail());
    }

    /** A redelivered request: its answer again, the same event, and never a second key. */
    private void answerAgain(HandoffRecord.LoginKeyAnswer known) {
        switch (known.state()) {
            case PUBLISHED ->
                log.debug("tenant {}: login-key request {} was answered already", known.tenantId(), known.requestId());
            case ANSWERED -> answer(known);
            case MINTING -> {
                // Interrupted between minting and recording: a key may exist on the site, unused; it expires soon.
                metrics.loginKey("failed");
                log.warn(
                        "tenant {}: login-key request {} was interrupted while minting; answered with a failure",
                        known.tenantId(),
                        known.requestId());
                answer(HandoffRecord.LoginKeyAnswer.failed(
                        known.tenantId(),
                        known.requestId(),
                        known.partition(),
                        clock.instant(),
                        "minting was interrupted; ask again"));
            }
        }
    }

    private void answer(HandoffRecord.LoginKeyAnswer answer) {
        store.record(answer);
        send(LoginKeyIssued.newBuilder()
                .setEventId(answer.eventId())
                .setTenantId(answer.tenantId())
                .setOccurredAt(answer.at())
                .setRequestId(answer.requestId())
                .setLoginKey(
                        answer.sealedKey() == null
                                ? null
                                : SealedSecret.newBuilder()
                                        .setPurpose(SecretPurpose.LOGIN_KEY)
                                        .setCiphertext(ByteBuffer.wrap(answer.sealedKey()))
                                        .build())
                .setExpiresAt(answer.expiresAt())
                .setFailure(answer.failure())
                .build());
        store.record(answer.published());
    }

    private void send(LoginKeyIssued issued) {
        CompletableFuture<?> sent = publisher.publish(issued);
        try {
            sent.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending LoginKeyIssued", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("LoginKeyIssued for tenant " + issued.getTenantId() + " not sent", e);
        }
    }

    private static byte[] bytes(SealedSecret sealed) {
        ByteBuffer buffer = sealed.getCiphertext().duplicate();
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}
