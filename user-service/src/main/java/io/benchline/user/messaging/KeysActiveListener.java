package io.benchline.user.messaging;

import io.benchline.events.KeysActive;
import io.benchline.platform.kafka.BenchlineKafkaProperties;
import io.benchline.user.onboarding.CustomerOnboarding;
import io.benchline.user.onboarding.OnboardingResult;
import io.benchline.user.onboarding.RecordedOutcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code tenant.keys-active} a poll at a time (issue 20). A record's work is site calls (I/O), so the
 * poll's tenants are onboarded at the same time on worker threads, each tenant's records one after another in
 * offset order; then this thread, which owns the container's Kafka transaction, sends every terminal event, ledger
 * entry and dead letter in record order, and the container commits them with the poll's offsets (first added by
 * this thread when the poll begins): one transaction per poll instead of one per record. A crash before the commit leaves none of them and the whole poll is redone
 * (a user we created answers 409 and is recognised). A record that cannot be read, or whose work keeps throwing
 * after {@code benchline.kafka.listener-retries}, goes to {@code tenant.keys-active-dlt} in the same transaction;
 * the rest of the poll commits normally. The outcome ledger asks the broker for its committed end only when this
 * thread cannot vouch for it ({@link LedgerFreshness}), not before every poll.
 */
@Component
class KeysActiveListener implements ConsumerSeekAware, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(KeysActiveListener.class);
    private static final LogAccessor logAccessor = new LogAccessor(KeysActiveListener.class);

    private final CustomerOnboarding onboarding;
    private final OutcomeLedger ledger;
    private final TerminalEventSender sender;
    private final DeadLetterPublishingRecoverer deadLetters;
    private final BenchlineKafkaProperties policy;
    private final Clock clock;
    private final ExecutorService workers;
    private final ThreadLocal<LedgerFreshness> freshness = ThreadLocal.withInitial(LedgerFreshness::new);

    KeysActiveListener(
            CustomerOnboarding onboarding,
            OutcomeLedger ledger,
            TerminalEventSender sender,
            DeadLetterPublishingRecoverer deadLetters,
            BenchlineKafkaProperties policy,
            Clock clock,
            @Value("${benchline.user.parallelism:32}") int parallelism) {
        this.onboarding = onboarding;
        this.ledger = ledger;
        this.sender = sender;
        this.deadLetters = deadLetters;
        this.policy = policy;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(parallelism, task -> {
            Thread thread = new Thread(task, "onboarding-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @KafkaListener(
            id = "keys-active",
            groupId = "user-service",
            topics = "#{T(io.benchline.schemas.Topic).KEYS_ACTIVE.topicName()}",
            batch = "true")
    void on(List<ConsumerRecord<String, KeysActive>> records, Consumer<?, ?> consumer) {
        LedgerFreshness ledgerState = freshness.get();
        if (ledgerState.mustCatchUp(ledger::known)) {
            // Every outcome committed before this poll began, by any instance (see LedgerFreshness for when).
            ledger.catchUp();
            log.debug("Outcome ledger caught up before a poll of {} records", records.size());
        }
        ledgerState.pollStarted();
        PendingOutcomes pending = new PendingOutcomes(ledger, clock);
        List<RecordWork> work = records.stream().map(RecordWork::new).toList();
        Map<UUID, List<RecordWork>> byTenant = new LinkedHashMap<>();
        for (RecordWork w : work) {
            if (w.event != null) {
                byTenant.computeIfAbsent(w.event.getTenantId(), t -> new ArrayList<>())
                        .add(w);
            }
        }
        CompletableFuture<?>[] tenants = byTenant.values().stream()
                .map(tenant -> CompletableFuture.runAsync(() -> tenant.forEach(w -> w.decide(pending)), workers))
                .toArray(CompletableFuture[]::new);
        try {
            // Issue 20: the poll's offsets join its transaction now, while the site calls run. A transaction's first
            // offsets request is the slow one (the coordinator adds the offsets topic to the transaction: a write to
            // __transaction_state); the container repeats the request after this method returns (Spring Kafka does
            // whenever a transaction is active, whatever the ack mode), and that repeat is quick. The producer sends
            // no records while such a request is under way, so the terminal events used to wait for the slow one.
            // Every record of the poll is covered (dead letters and duplicates too): the poll commits as a whole, or
            // is rolled back and read again as a whole, as before.
            sender.sendOffsets(offsetsAfter(records), consumer.groupMetadata());
        } finally {
            CompletableFuture.allOf(tenants).join();
        }
        List<RecordedOutcome> sent = new ArrayList<>();
        for (RecordWork w : work) {
            w.send().ifPresent(sent::add);
        }
        ledgerState.pollSent(sent);
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsetsAfter(List<? extends ConsumerRecord<?, ?>> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<?, ?> record : records) {
            offsets.merge(
                    new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return offsets;
    }

    /** On the consumer thread, before any record of the new partitions reaches {@link #on}. */
    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        freshness.get().partitionsAssigned();
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
    }

    /** One record: decided on a worker thread, sent on the listener thread. */
    private final class RecordWork {

        final ConsumerRecord<String, KeysActive> record;
        final KeysActive event;
        PendingOutcomes.Decision decision;
        OnboardingResult result;
        Exception failure;

        RecordWork(ConsumerRecord<String, KeysActive> record) {
            this.record = record;
            this.event = record.value();
        }

        void decide(PendingOutcomes pending) {
            for (int attempt = 0; ; attempt++) {
                PendingOutcomes.Decision tried = pending.decide();
                try {
                    result = onboarding.onboard(event, tried);
                    decision = tried;
                    return;
                } catch (RuntimeException e) {
                    if (attempt >= policy.listenerRetries()) {
                        failure = e;
                        return;
                    }
                    log.warn(
                            "KeysActive {} of tenant {} failed ({}); trying again in {}",
                            event.getEventId(),
                            event.getTenantId(),
                            e.toString(),
                            policy.retryInterval());
                    pause();
                }
            }
        }

        private void pause() {
            try {
                Thread.sleep(policy.retryInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                // Shutting down: fail the poll, so it is rolled back and read again, never dead-lettered for this.
                throw new IllegalStateException("interrupted while retrying a KeysActive", e);
            }
        }

        /** @return the outcome sent to the ledger, if any */
        Optional<RecordedOutcome> send() {
            if (event == null) {
                DeserializationException unreadable = SerializationUtils.getExceptionFromHeader(
                        record, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, logAccessor);
                deadLetter(unreadable != null ? unreadable : new IllegalArgumentException("the record has no value"));
                return Optional.empty();
            }
            if (failure != null) {
                deadLetter(failure);
                return Optional.empty();
            }
            log.debug("KeysActive {} of tenant {}: {}", event.getEventId(), event.getTenantId(), result);
            if (decision.event().isEmpty()) {
                return Optional.empty();
            }
            if (!clock.instant().isBefore(event.getSignup().getDeadlineAt())) {
                // signup-service owns the TIMEOUT failure once the deadline has passed.
                log.info(
                        "Tenant {} passed its deadline before its outcome was sent; emitting nothing",
                        event.getTenantId());
                return Optional.empty();
            }
            sender.send(decision.event().get(), decision.outcome());
            return Optional.of(decision.outcome());
        }

        private void deadLetter(Exception why) {
            log.warn(
                    "Record {}-{}@{} goes to the dead-letter topic: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    why.toString());
            deadLetters.accept(record, why);
        }
    }
}
