package io.benchline.user.messaging;

import io.benchline.user.onboarding.RecordedOutcome;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Whether one listener thread's next poll may trust the outcome ledger as it has read it, or must first ask the
 * broker for the committed end ({@link OutcomeLedger#catchUp}, a round trip). Outcomes of a tenant are written only
 * in the transaction of the poll that holds its {@code tenant.keys-active} records (keyed by tenantId, so always the
 * same partition), so between two assignments only this thread writes the outcomes its partitions' tenants can
 * have. The ledger is therefore current when it shows what the previous poll sent; it must catch up on the first
 * poll, on the first poll after partitions were assigned (what earlier owners committed), after a poll that did not
 * return normally, and whenever an outcome the previous poll sent is not (yet) on the ledger as read: its commit
 * failed, or the reader has not reached it. Not thread-safe: one per listener thread.
 */
final class LedgerFreshness {

    private boolean unknown = true;
    private List<RecordedOutcome> sentByLastPoll = List.of();

    /** Partitions came to this thread: what their earlier owners committed is unknown here. */
    void partitionsAssigned() {
        unknown = true;
    }

    /**
     * @param read the ledger as read so far, by tenantId
     * @return true when the ledger must catch up with the broker before this poll decides anything
     */
    boolean mustCatchUp(Function<UUID, Optional<RecordedOutcome>> read) {
        if (unknown) {
            return true;
        }
        for (RecordedOutcome sent : sentByLastPoll) {
            Optional<RecordedOutcome> recorded = read.apply(sent.tenantId());
            if (recorded.isEmpty() || recorded.get().attempt() < sent.attempt()) {
                return true;
            }
        }
        return false;
    }

    /** A poll begins its work; until {@link #pollSent} says otherwise, what it leaves behind is unknown. */
    void pollStarted() {
        unknown = true;
        sentByLastPoll = List.of();
    }

    /** The poll returned normally having sent these outcomes; its transaction commits, or fails, next. */
    void pollSent(List<RecordedOutcome> outcomes) {
        sentByLastPoll = List.copyOf(outcomes);
        unknown = false;
    }
}
