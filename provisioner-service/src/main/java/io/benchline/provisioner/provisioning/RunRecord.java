package io.benchline.provisioner.provisioning;

import io.benchline.events.FailureReason;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.StepPhase;
import io.benchline.provisioner.bench.SiteName;
import io.benchline.provisioner.hosts.BenchHost;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tenant's ledger entry as a run moves it on: every change is made durable first, and the outcome is recorded
 * (with its event id and time fixed) before it is emitted. A cancelled run records and emits nothing more.
 */
final class RunRecord {

    private static final Logger log = LoggerFactory.getLogger(RunRecord.class);

    private final TenantRecords records;
    private final BooleanSupplier cancelled;
    private LedgerEntry entry;

    RunRecord(TenantRecords records, LedgerEntry entry, BooleanSupplier cancelled) {
        this.records = records;
        this.entry = entry;
        this.cancelled = cancelled;
    }

    LedgerEntry entry() {
        return entry;
    }

    Instant now() {
        return records.clock().instant();
    }

    ProvisioningMetrics metrics() {
        return records.metrics();
    }

    /**
     * Makes {@code next} durable, waiting for Kafka while it is unavailable (never a step failure: the write is simply
     * made again) until the signup's deadline.
     *
     * @throws KafkaUnavailable when Kafka has not taken it by the deadline
     */
    void save(LedgerEntry next) {
        untilKafkaAnswers("writing its ledger entry", true, () -> {
            records.ledger().record(next);
            return null;
        });
        entry = next;
    }

    /**
     * Takes {@code next} without writing it: nothing outside changed since the last write that a resumed run could
     * not simply do again (a host choice, a finished idempotent step). The next write carries it.
     */
    void note(LedgerEntry next) {
        entry = next;
    }

    /**
     * Writes {@code next} without waiting for Kafka: for progress whose loss a resumed run recovers from (it redoes
     * the idempotent work) but that is worth keeping if it lands. It lands in order before the run's next
     * {@link #save}, which carries it anyway; a failed write is logged, never retried.
     */
    void saveWithoutWaiting(LedgerEntry next) {
        checkCancelled();
        try {
            records.ledger().recordWithoutWaiting(next);
        } catch (RuntimeException e) {
            log.warn("tenant {}: an unwaited ledger write was refused: {}", next.tenantId(), e.toString());
        }
        entry = next;
    }

    /** Like {@link #save} past the deadline: only bookkeeping is left, so it waits for Kafka as long as it takes. */
    private void saveAfterDeadline(LedgerEntry next) {
        untilKafkaAnswers("writing its ledger entry", false, () -> {
            records.ledger().record(next);
            return null;
        });
        entry = next;
    }

    /**
     * Runs a Kafka write (or read) until Kafka answers, backing off while it is unavailable. Runs on the slot worker,
     * never on the consumer thread, so waiting here never holds back the listener's polls.
     *
     * @param untilDeadline give up with {@link KafkaUnavailable} once the signup's deadline has passed
     */
    private <T> T untilKafkaAnswers(String what, boolean untilDeadline, Supplier<T> write) {
        long delay = records.kafkaWaits().initialDelay().toMillis();
        Instant since = null;
        while (true) {
            checkCancelled();
            try {
                T result = write.get();
                if (since != null) {
                    log.info(
                            "tenant {}: Kafka answered again ({}) after {} s; the run goes on",
                            entry.tenantId(),
                            what,
                            Duration.between(since, now()).toSeconds());
                }
                return result;
            } catch (RunCancelled cancelled) {
                throw cancelled;
            } catch (RuntimeException e) {
                checkCancelled();
                if (untilDeadline && entry.deadlinePassed(now())) {
                    throw new KafkaUnavailable(
                            "Kafka unavailable until the signup's deadline, " + what + " failed: " + e.getMessage(), e);
                }
                if (since == null) {
                    since = now();
                    log.warn(
                            "tenant {}: Kafka unavailable, {} failed ({}); trying again{}",
                            entry.tenantId(),
                            what,
                            e.getMessage(),
                            untilDeadline
                                    ? " until the signup's deadline "
                                            + entry.request().getSignup().getDeadlineAt()
                                    : "");
                }
                pause(delay);
                delay = Math.min(delay * 2, records.kafkaWaits().maxDelay().toMillis());
            }
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // Only a cancelled run is interrupted.
            Thread.currentThread().interrupt();
            throw new RunCancelled();
        }
    }

    void progress(ProvisioningStep step, StepPhase phase, String hostId, String message) {
        records.events().progressed(entry.tenantId(), step, phase, hostId, message);
    }

    void checkCancelled() {
        if (cancelled.getAsBoolean()) {
            throw new RunCancelled();
        }
    }

    /** Re-sends a decided outcome, abandons an expired request, fails an invalid one: whatever needs no slot. */
    RunEnd settleWithoutSlot(Optional<String> invalidRequest) {
        try {
            if (entry.outcome() != null && entry.deadlinePassed(now())) {
                return settleAfterDeadline();
            } else if (entry.outcome() != null) {
                // An earlier run decided it and may have sent it: look before sending again.
                publishOutcome(true);
            } else if (entry.deadlinePassed(now())) {
                abandon();
            } else if (invalidRequest.isPresent()) {
                return fail(new StepFailed(
                        FailureReason.INVALID_REQUEST, false, "request rejected: " + invalidRequest.get()));
            }
            return RunEnd.SETTLED;
        } catch (RunCancelled c) {
            return RunEnd.CANCELLED;
        } catch (KafkaUnavailable e) {
            return settleAfterDeadline();
        }
    }

    /**
     * Kafka was unavailable until the signup's deadline passed: signup-service's TIMEOUT ends the signup, so nothing
     * more is emitted. A decided outcome whose send may have gone through is looked up (then the ledger says so, as
     * Kafka does); otherwise the entry is ABANDONED. Waits for Kafka as long as that takes (bookkeeping only).
     */
    RunEnd settleAfterDeadline() {
        try {
            LedgerEntry.Outcome outcome = entry.outcome();
            if (outcome != null && outcome.kind() != LedgerEntry.Outcome.Kind.ABANDONED) {
                if (outcome.published()) {
                    return RunEnd.SETTLED;
                }
                if (untilKafkaAnswers(
                        "looking up its outcome event",
                        false,
                        () -> records.events().published(entry))) {
                    saveAfterDeadline(entry.withOutcome(outcome.asPublished()));
                    log.info(
                            "tenant {}: its {} had reached Kafka; recorded as published",
                            entry.tenantId(),
                            outcome.kind());
                    return RunEnd.SETTLED;
                }
            }
            log.info(
                    "tenant {}: deadline passed, stopping without an outcome (signup-service reports the timeout)",
                    entry.tenantId());
            saveAfterDeadline(entry.withOutcome(LedgerEntry.Outcome.abandoned(now())));
            return RunEnd.SETTLED;
        } catch (RunCancelled c) {
            return RunEnd.CANCELLED;
        }
    }

    RunEnd succeed(SiteName site, BenchHost host) {
        if (entry.deadlinePassed(now())) {
            abandon();
            return RunEnd.SETTLED;
        }
        decide(LedgerEntry.Outcome.provisioned(now()));
        log.info("tenant {}: site {} provisioned on {}", entry.tenantId(), site, host.id());
        return RunEnd.SETTLED;
    }

    RunEnd fail(StepFailed failure) {
        try {
            if (entry.deadlinePassed(now())) {
                abandon();
                return RunEnd.SETTLED;
            }
            log.warn(
                    "tenant {}: provisioning failed ({}): {}",
                    entry.tenantId(),
                    failure.reason(),
                    failure.getMessage());
            decide(LedgerEntry.Outcome.failed(now(), failure.reason(), failure.getMessage(), failure.retryable()));
            records.metrics().failed(failure.reason());
            return RunEnd.SETTLED;
        } catch (RunCancelled c) {
            return RunEnd.CANCELLED;
        } catch (KafkaUnavailable e) {
            log.warn("tenant {}: {}; signup-service reports the timeout", entry.tenantId(), e.getMessage());
            return settleAfterDeadline();
        }
    }

    private void decide(LedgerEntry.Outcome outcome) {
        save(entry.withOutcome(outcome));
        publishOutcome(false);
    }

    /**
     * Sends the decided outcome (its event id and time fixed in the ledger) and marks it published. A send whose
     * result is unknown (timed out, rejected, the process paused) is never abandoned: once Kafka answers, the topic
     * is looked at, and the event is sent again only if it is not there. So Kafka holds it once and the ledger says
     * published exactly when Kafka has it.
     *
     * @param maybeSent an earlier send may have reached Kafka: look first
     */
    private void publishOutcome(boolean maybeSent) {
        checkCancelled();
        if (entry.outcome().kind() == LedgerEntry.Outcome.Kind.ABANDONED) {
            return;
        }
        boolean unknown = maybeSent;
        while (true) {
            if (unknown
                    && untilKafkaAnswers(
                            "looking up its outcome event",
                            true,
                            () -> records.events().published(entry))) {
                log.info(
                        "tenant {}: its {} is already on Kafka; not sent again",
                        entry.tenantId(),
                        entry.outcome().kind());
                break;
            }
            try {
                send();
                break;
            } catch (KafkaUnavailable e) {
                checkCancelled();
                if (entry.deadlinePassed(now())) {
                    throw e;
                }
                log.warn("tenant {}: {}; resolving it once Kafka answers", entry.tenantId(), e.getMessage());
                unknown = true;
                pause(records.kafkaWaits().initialDelay().toMillis());
            }
        }
        save(entry.withOutcome(entry.outcome().asPublished()));
    }

    private void send() {
        checkCancelled();
        switch (entry.outcome().kind()) {
            case PROVISIONED -> records.events().provisioned(entry);
            case FAILED -> records.events().failed(entry);
            case ABANDONED -> throw new IllegalStateException("an abandoned outcome is never sent");
        }
    }

    private void abandon() {
        log.info(
                "tenant {}: deadline passed, stopping without an outcome (signup-service reports the timeout)",
                entry.tenantId());
        saveAfterDeadline(entry.withOutcome(LedgerEntry.Outcome.abandoned(now())));
    }
}
