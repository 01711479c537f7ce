package io.benchline.provisioner.provisioning;

import io.benchline.events.FailureStage;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.ProvisioningProgressed;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.Site;
import io.benchline.events.SiteProvisioned;
import io.benchline.events.StepPhase;
import io.benchline.platform.kafka.EventPublisher;
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
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final EventPublisher publisher;
    private final Clock clock;

    public ProvisioningEvents(EventPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
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
        CompletableFuture<?> sent = publisher.publish(event);
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
            sent.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "interrupted while sending " + event.getClass().getSimpleName(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot send " + event.getClass().getSimpleName(), e);
        }
    }
}
