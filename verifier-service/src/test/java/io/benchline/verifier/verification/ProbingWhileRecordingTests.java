package io.benchline.verifier.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.benchline.events.KeysActive;
import io.benchline.events.SecretPurpose;
import io.benchline.events.SiteProvisioned;
import io.benchline.platform.secrets.Keysets;
import io.benchline.platform.secrets.SecretSealers;
import io.benchline.platform.secrets.SecretsProperties;
import io.benchline.platform.sites.SiteAddressPolicy;
import io.benchline.schemas.TrustedAvroPackages;
import io.benchline.verifier.SealedEvents;
import io.benchline.verifier.probe.JitteredBackoff;
import io.benchline.verifier.probe.ProbeOutcome;
import io.benchline.verifier.probe.ProbeResult;
import io.benchline.verifier.probe.SiteVerifier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The first probe goes out before PROBING is handed to the decision log (issue 20), yet no outcome is published before
 * PROBING is on the log, and a failed write stops what was started so the retried record starts again. The decision log and
 * the outcome topic are in-memory ports here (what they do on Kafka the integration tests show); the probe answers
 * at once.
 */
class ProbingWhileRecordingTests {

    private static final String DOMAIN = "bench.test";

    private final SecretSealers sealers = new SecretSealers(new SecretsProperties(
            Map.of(SecretPurpose.SITE_CREDENTIALS, new SecretsProperties.KeysetSource(null, Keysets.generateJson()))));
    private final AtomicInteger probes = new AtomicInteger();
    /** How many decisions had been handed to the decision log when each probe went out. */
    private final List<Integer> recordedAtProbe = new CopyOnWriteArrayList<>();

    private final List<Decision> recorded = new CopyOnWriteArrayList<>();
    private final List<SpecificRecord> published = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Void>> probingWrites = new CopyOnWriteArrayList<>();
    private final Verifications verifications = new Verifications(
            new SiteVerifier(
                    target -> Mono.fromCallable(() -> {
                        recordedAtProbe.add(recorded.size());
                        probes.incrementAndGet();
                        return new ProbeResult(ProbeOutcome.ACTIVE, "200 Administrator");
                    }),
                    new JitteredBackoff(Duration.ofSeconds(1), Duration.ofSeconds(4), 2.0, 12, Duration.ofSeconds(30)),
                    2,
                    Schedulers.parallel(),
                    ThreadLocalRandom::current),
            sealers,
            new SiteAddressPolicy(List.of(DOMAIN), true),
            (partition, decision) -> {
                recorded.add(decision);
                if (decision.probing()) {
                    CompletableFuture<Void> write = new CompletableFuture<>();
                    probingWrites.add(write);
                    return write; // completed by the test, as the broker's acknowledgement would be
                }
                return CompletableFuture.completedFuture(null);
            },
            event -> {
                published.add(event);
                return CompletableFuture.completedFuture(null);
            },
            Clock.systemUTC(),
            new SimpleMeterRegistry());

    ProbingWhileRecordingTests() {
        // Events built here without the Kafka serde, which is what otherwise trusts their package (Avro 1.12).
        TrustedAvroPackages.register();
    }

    @AfterEach
    void stop() {
        verifications.destroy();
    }

    @Test
    void theFirstProbeDoesNotWaitForProbingButTheOutcomeDoes() {
        SiteProvisioned event = event(UUID.randomUUID());

        CompletableFuture<Void> taken = CompletableFuture.runAsync(() -> verifications.on(event, 3));

        await().atMost(Duration.ofSeconds(10)).until(() -> probes.get() == 1 && probingWrites.size() == 1);
        // The site answered, but PROBING is not on the log yet: nothing published, the record not done.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> published.isEmpty());
        assertThat(taken).isNotDone();

        probingWrites.get(0).complete(null);

        await().atMost(Duration.ofSeconds(10)).until(() -> taken.isDone() && published.size() == 1);
        assertThat(taken).isCompleted();
        assertThat(published.get(0)).isInstanceOf(KeysActive.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> recorded.size() == 2);
        assertThat(recorded).extracting(Decision::probing).containsExactly(true, false);
        assertThat(probes).hasValue(1);
    }

    @Test
    void theFirstProbeIsUnderWayBeforeProbingIsHandedToTheDecisionLog() {
        SiteProvisioned event = event(UUID.randomUUID());

        CompletableFuture<Void> taken = CompletableFuture.runAsync(() -> verifications.on(event, 3));

        await().atMost(Duration.ofSeconds(10)).until(() -> probes.get() == 1 && probingWrites.size() == 1);
        // The probe does not wait for PROBING to be encoded and sent (issue 20): it was started first.
        assertThat(recordedAtProbe).containsExactly(0);
        probingWrites.get(0).complete(null);
        await().atMost(Duration.ofSeconds(10)).until(() -> taken.isDone() && published.size() == 1);
        assertThat(taken).isCompleted();
    }

    @Test
    void aProbingWriteRefusedAtOnceStopsWhatStartedAndPublishesNothing() {
        Verifications refusing = new Verifications(
                new SiteVerifier(
                        target -> Mono.fromCallable(() -> {
                            probes.incrementAndGet();
                            return new ProbeResult(ProbeOutcome.ACTIVE, "200 Administrator");
                        }),
                        new JitteredBackoff(
                                Duration.ofSeconds(1), Duration.ofSeconds(4), 2.0, 12, Duration.ofSeconds(30)),
                        2,
                        Schedulers.parallel(),
                        ThreadLocalRandom::current),
                sealers,
                new SiteAddressPolicy(List.of(DOMAIN), true),
                (partition, decision) -> {
                    throw new IllegalStateException("the producer is closed");
                },
                event -> {
                    published.add(event);
                    return CompletableFuture.completedFuture(null);
                },
                Clock.systemUTC(),
                new SimpleMeterRegistry());
        try {
            SiteProvisioned event = event(UUID.randomUUID());

            assertThatThrownBy(() -> refusing.on(event, 3)).isInstanceOf(IllegalStateException.class);

            assertThat(refusing.inFlight()).isZero();
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> published.isEmpty());
        } finally {
            refusing.destroy();
        }
    }

    @Test
    void aFailedProbingWriteStopsWhatStartedAndTheRetriedRecordStartsAgain() {
        SiteProvisioned event = event(UUID.randomUUID());

        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> verifications.on(event, 3));
        await().atMost(Duration.ofSeconds(10)).until(() -> probingWrites.size() == 1);
        probingWrites.get(0).completeExceptionally(new IllegalStateException("broker gone"));

        await().atMost(Duration.ofSeconds(10)).until(first::isDone);
        assertThat(first).isCompletedExceptionally(); // thrown to the listener: the record is retried
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> published.isEmpty());

        // The retry is not taken for a redelivery of something already under way: it starts again and decides.
        CompletableFuture<Void> retried = CompletableFuture.runAsync(() -> verifications.on(event, 3));
        await().atMost(Duration.ofSeconds(10)).until(() -> probingWrites.size() == 2);
        probingWrites.get(1).complete(null);

        await().atMost(Duration.ofSeconds(10)).until(() -> retried.isDone() && published.size() == 1);
        assertThat(retried).isCompleted();
        assertThat(published).singleElement().isInstanceOf(KeysActive.class);
    }

    private SiteProvisioned event(UUID tenant) {
        String host = "t" + tenant.toString().substring(0, 8) + "." + DOMAIN;
        return SealedEvents.siteProvisioned(
                sealers.forPurpose(SecretPurpose.SITE_CREDENTIALS), tenant, host, "http://" + host);
    }
}
