package io.benchline.user.messaging;

import io.benchline.events.ProvisioningFailed;
import io.benchline.events.SignupCompleted;
import io.benchline.user.onboarding.RecordedOutcome;
import io.benchline.user.onboarding.TerminalOutcomes;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * The outcomes decided for one poll's records, held until the listener thread sends them in the poll's transaction:
 * the transaction belongs to that thread, the worker threads only decide. A tenant's later record in the same poll
 * sees its earlier record's outcome as if it were committed; everything else comes from the ledger, current when
 * the poll began ({@link LedgerFreshness}).
 */
final class PendingOutcomes {

    private final OutcomeLedger ledger;
    private final Clock clock;
    private final Map<UUID, RecordedOutcome> decided = new ConcurrentHashMap<>();

    PendingOutcomes(OutcomeLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    /** What one record decides: at most one terminal event, kept in {@link Decision}. */
    Decision decide() {
        return new Decision();
    }

    /** One record's terminal event and its ledger entry, or nothing (a duplicate, past its deadline). */
    final class Decision implements TerminalOutcomes {

        private SpecificRecord event;
        private RecordedOutcome outcome;

        Optional<SpecificRecord> event() {
            return Optional.ofNullable(event);
        }

        RecordedOutcome outcome() {
            return outcome;
        }

        @Override
        public Optional<RecordedOutcome> recorded(UUID tenantId) {
            RecordedOutcome pending = decided.get(tenantId);
            return pending != null ? Optional.of(pending) : ledger.known(tenantId);
        }

        @Override
        public void completed(SignupCompleted completed, UUID causeEventId) {
            decide(
                    completed,
                    new RecordedOutcome(
                            completed.getTenantId(),
                            RecordedOutcome.Result.COMPLETED,
                            null,
                            causeEventId,
                            completed.getEventId(),
                            clock.instant(),
                            completed.getAttempt()));
        }

        @Override
        public void failed(ProvisioningFailed failed, UUID causeEventId) {
            decide(
                    failed,
                    new RecordedOutcome(
                            failed.getTenantId(),
                            RecordedOutcome.Result.FAILED,
                            failed.getReason().name(),
                            causeEventId,
                            failed.getEventId(),
                            clock.instant(),
                            failed.getAttempt()));
        }

        private void decide(SpecificRecord terminal, RecordedOutcome recorded) {
            this.event = terminal;
            this.outcome = recorded;
            decided.put(recorded.tenantId(), recorded);
        }
    }
}
