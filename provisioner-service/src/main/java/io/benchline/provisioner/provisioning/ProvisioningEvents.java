package io.benchline.provisioner.provisioning;

import io.benchline.events.FailureStage;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.ProvisioningProgressed;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.Site;
import io.benchline.events.SiteProvisioned;
import io.benchline.events.StepPhase;
import io.benchline.platform.kafka.EventPublisher;
import io.benchline.schemas.EventMetadata;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events the provisioner writes: progress (fire and forget, it only drives a progress bar) and the outcome
 * (waited for, because the ledger marks it published only once Kafka has it).
 */
public final class ProvisioningEvents {

    private static final Logger log = LoggerFactory.getLogger(ProvisioningEvents.class);
    /**
     * Longer than the producer's {@code delivery.timeout.ms} (2 min by default): the producer itself settles every
     * send within it, so the run waits for that verdict instead of abandoning a send that may still succeed.
     */
    public static final Duration SEND_WAIT = Duration.ofMinutes(3);
    /** After {@code sendWait}: a producer stuck past its delivery timeout (never seen) counts as unknown. */
    private static final Duration VERDICT_WAIT = Duration.ofMinutes(5);

    private final EventPublisher publisher;
    private final Clock clock;
    private final OutcomeLookup lookup;
    private final Duration sendWait;

    public ProvisioningEvents(EventPublisher publisher, Clock clock) {
        this(publisher, clock, OutcomeLookup.NONE, SEND_WAIT);
    }

    /**
     * @param lookup finds an outcome event on its topic, to resolve a send whose result is unknown
     * @param sendWait how long an outcome's send is waited for before its result counts as unknown
     */
    public ProvisioningEvents(EventPublisher publisher, Clock clock, OutcomeLookup lookup, Duration sendWait) {
        this.publisher = publisher;
        this.clock = clock;
        this.lookup = lookup;
        this.sendWait = sendWait;
    }

    void progressed(UUID tenantId, ProvisioningStep step, StepPhase phase, String hostId, String message) {
        ProvisioningProgressed event = ProvisioningProgressed.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenantId)
                .setOccurredAt(clock.instant())
                .setStep(step)
                .setPhase(phase)
                .setBenchHost(hostId)
                .setMessage(message)
                .build();
        // Typed as CompletableFuture<?> on purpose: feature code stays free of Kafka types.
        CompletableFuture<?> sent;
        try {
            sent = publisher.publish(event);
        } catch (RuntimeException e) {
            // Kafka unavailable (no metadata within max.block.ms): a progress bar's tick is not worth a step.
            log.warn("progress of tenant {} ({} {}) not sent: {}", tenantId, step, phase, e.toString());
            return;
        }
        sent.whenComplete((result, error) -> {
            if (error != null) {
                log.warn(
                        "progress of tenant {} ({} {}) not sent: {}",
                        tenantId,
                        step,
                        event.getPhase(),
                        error.toString());
            }
        });
    }

    /**
     * Whether the entry's decided outcome is already on its topic (a send whose result was unknown went through).
     *
     * @throws RuntimeException when Kafka cannot be read
     */
    boolean published(LedgerEntry entry) {
        LedgerEntry.Outcome outcome = entry.outcome();
        Class<?> type = outcome.kind() == LedgerEntry.Outcome.Kind.PROVISIONED
                ? SiteProvisioned.class
                : ProvisioningFailed.class;
        return lookup.contains(type, entry.tenantId(), outcome.eventId(), outcome.at());
    }

    void provisioned(LedgerEntry entry) {
        LedgerEntry.Outcome outcome = entry.outcome();
        var signup = entry.request().getSignup();
        Site site = Site.newBuilder()
                .setSiteName(signup.getSiteName())
                .setSiteUrl(signup.getSiteUrl())
                .setBenchHost(entry.hostId())
                .setApiKey(entry.credentials().sealedApiKey())
                .setApiSecret(entry.credentials().sealedApiSecret())
                .setProvisionedAt(outcome.at())
                .build();
        send(SiteProvisioned.newBuilder()
                .setEventId(outcome.eventId())
                .setTenantId(entry.tenantId())
                .setOccurredAt(outcome.at())
                .setSignup(signup)
                .setSite(site)
                .build());
    }

    void failed(LedgerEntry entry) {
        LedgerEntry.Outcome outcome = entry.outcome();
        send(ProvisioningFailed.newBuilder()
                .setEventId(outcome.eventId())
                .setTenantId(entry.tenantId())
                .setOccurredAt(outcome.at())
                .setStage(FailureStage.PROVISION)
                .setReason(outcome.reason())
                .setMessage(outcome.message())
                .setRetryable(outcome.retryable())
                .setSubdomain(entry.request().getSignup().getSubdomain())
                // Every terminal event carries the attempt it ends (contracts §1).
                .setAttempt(entry.request().getSignup().getAttempt())
                .build());
    }

    private void send(SpecificRecord event) {
        try {
            CompletableFuture<?> sent = publisher.publish(event);
            // The producer settles every send within its delivery.timeout.ms; until then the send may still succeed
            // (after a pause of the process, too), so its verdict is waited for rather than a fixed time.
            try {
                sent.get(sendWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException slow) {
                // Looking the event up now could miss a record the producer is still delivering, and a resend
                // would then duplicate it: the producer's own verdict comes first.
                log.warn(
                        "{} of tenant {} not confirmed within {}; waiting for the producer's verdict",
                        event.getClass().getSimpleName(),
                        EventMetadata.of(event).tenantId(),
                        sendWait);
                sent.get(VERDICT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailable(
                    "interrupted while sending " + event.getClass().getSimpleName(), e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // Whether Kafka has it is unknown (an expired batch may have been appended): the caller resolves it.
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                // The producer's reason (e.g. TimeoutException, RecordTooLargeException), not Spring's wrapper.
                cause = cause.getCause();
            }
            throw new KafkaUnavailable(
                    "cannot confirm " + event.getClass().getSimpleName() + " was sent: " + cause, cause);
        }
    }
}
