package io.benchline.provisioner.messaging;

import io.benchline.events.TenantRequested;
import io.benchline.provisioner.provisioning.LedgerEntry;
import io.benchline.provisioner.provisioning.SlotScheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;

/**
 * Accepts TenantRequested: records the tenant in the ledger and hands it to the slot scheduler, then returns at
 * once so the consumer keeps polling. On partition assignment it reloads those partitions' ledger and resumes the
 * tenants left unfinished; on revocation it stops them here (their new owner resumes them).
 */
public final class TenantRequestedListener implements ConsumerSeekAware {

    static final String ID = "provisioner.tenant-requested";
    private static final Logger log = LoggerFactory.getLogger(TenantRequestedListener.class);
    /** How long a superseded attempt's run may take to stop (its SSH command is abandoned at once). */
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    /** As long as a waited ledger write (the store's write timeout). */
    private static final Duration WRITE_WAIT = Duration.ofSeconds(30);

    private final KafkaLedger ledger;
    private final SlotScheduler scheduler;
    private final Acceptance acceptance;
    private final Clock clock;
    private final String requestTopic;

    public TenantRequestedListener(KafkaLedger ledger, SlotScheduler scheduler, Clock clock, String requestTopic) {
        this.ledger = ledger;
        this.scheduler = scheduler;
        this.clock = clock;
        this.requestTopic = requestTopic;
        this.acceptance =
                new Acceptance(ledger::recordAsync, scheduler::submit, scheduler::stop, WRITE_WAIT, STOP_WAIT);
    }

    /** The group is the service's ({@code spring.kafka.consumer.group-id}); the id only names the container. */
    @KafkaListener(id = ID, idIsGroup = false, topics = "#{T(io.benchline.schemas.Topic).TENANT_REQUESTED.topicName()}")
    void on(TenantRequested request, @Header(KafkaHeaders.RECEIVED_PARTITION) int partition) {
        if (!clock.instant().isBefore(request.getSignup().getDeadlineAt())) {
            log.info("tenant {}: request arrived after its deadline, ignored", request.getTenantId());
            return;
        }
        Optional<LedgerEntry> known = ledger.find(request.getTenantId());
        if (known.isPresent()) {
            LedgerEntry entry = known.get();
            int attempt = request.getSignup().getAttempt();
            if (attempt > entry.attempt()) {
                // An operator's retry: new work for the same tenant, resumed from what the ledger says is done. An
                // earlier attempt still running here (signup-service timed it out) is stopped first: nothing it
                // would still do counts any more.
                if (!entry.isSettled()) {
                    if (!scheduler.stop(entry.tenantId(), STOP_WAIT)) {
                        throw new IllegalStateException("tenant " + entry.tenantId() + ": attempt " + entry.attempt()
                                + " did not stop within " + STOP_WAIT + "; the retry is handled again");
                    }
                    entry = ledger.find(entry.tenantId()).orElse(entry);
                    log.info(
                            "tenant {}: attempt {} stopped unsettled for attempt {}",
                            request.getTenantId(),
                            entry.attempt(),
                            attempt);
                }
                LedgerEntry reopened = entry.reopened(request);
                ledger.record(reopened);
                log.info(
                        "tenant {}: attempt {} reopens the entry of attempt {} ({})",
                        request.getTenantId(),
                        attempt,
                        entry.attempt(),
                        entry.outcome() == null ? "unsettled" : entry.outcome().kind());
                scheduler.submit(reopened);
                return;
            }
            if (attempt < entry.attempt()) {
                log.info(
                        "tenant {}: attempt {} is older than the ledger's attempt {}; ignored",
                        request.getTenantId(),
                        attempt,
                        entry.attempt());
                return;
            }
            // A redelivery or duplicate: resume if unfinished, else there is nothing new to say.
            scheduler.submit(entry);
            return;
        }
        LedgerEntry accepted = LedgerEntry.accepted(request, partition, clock.instant());
        // The run starts while Kafka acknowledges the entry; the offset is committed only after (Acceptance).
        acceptance.accept(accepted);
        log.info(
                "tenant {}: accepted for site {}",
                request.getTenantId(),
                request.getSignup().getSiteName());
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        List<Integer> partitions = partitionsOf(assignments.keySet());
        if (partitions.isEmpty()) {
            return;
        }
        List<LedgerEntry> entries = ledger.load(partitions);
        long unfinished = entries.stream().filter(e -> !e.isSettled()).count();
        log.info("partitions {} assigned: {} ledger entries, {} to resume", partitions, entries.size(), unfinished);
        entries.stream().filter(e -> !e.isSettled()).forEach(scheduler::submit);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        List<Integer> lost = partitionsOf(partitions);
        if (!lost.isEmpty()) {
            scheduler.release(lost);
            ledger.forget(lost);
        }
    }

    private List<Integer> partitionsOf(Collection<TopicPartition> partitions) {
        return partitions.stream()
                .filter(tp -> tp.topic().equals(requestTopic))
                .map(TopicPartition::partition)
                .toList();
    }
}
