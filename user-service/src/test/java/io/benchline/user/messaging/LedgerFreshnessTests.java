package io.benchline.user.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.user.onboarding.RecordedOutcome;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** When a listener thread must ask the broker for the ledger's committed end before a poll, and when it need not. */
class LedgerFreshnessTests {

    private final Map<UUID, RecordedOutcome> read = new HashMap<>();
    private final LedgerFreshness freshness = new LedgerFreshness();

    @Test
    void theFirstPollCatchesUp() {
        assertThat(mustCatchUp()).isTrue();
    }

    @Test
    void aPollAfterOneWhoseOutcomesTheLedgerHasReadDoesNotCatchUp() {
        RecordedOutcome sent = outcome(UUID.randomUUID(), 1);
        poll(List.of(sent));
        read.put(sent.tenantId(), sent);

        assertThat(mustCatchUp()).isFalse();
    }

    @Test
    void aPollAfterOneThatSentNothingDoesNotCatchUp() {
        poll(List.of());

        assertThat(mustCatchUp()).isFalse();
    }

    @Test
    void anOutcomeOfTheLastPollNotReadYetMeansCatchingUp() {
        // Its commit failed (aborted: never read) or the reader has not reached it: either way, ask the broker.
        RecordedOutcome readOne = outcome(UUID.randomUUID(), 1);
        RecordedOutcome notRead = outcome(UUID.randomUUID(), 1);
        poll(List.of(readOne, notRead));
        read.put(readOne.tenantId(), readOne);

        assertThat(mustCatchUp()).isTrue();
    }

    @Test
    void onlyAnEarlierAttemptOnTheLedgerMeansCatchingUp() {
        UUID tenant = UUID.randomUUID();
        read.put(tenant, outcome(tenant, 1));
        poll(List.of(outcome(tenant, 2)));

        assertThat(mustCatchUp()).isTrue();
    }

    @Test
    void newlyAssignedPartitionsMeanCatchingUp() {
        poll(List.of());
        freshness.partitionsAssigned();

        assertThat(mustCatchUp()).isTrue();
    }

    @Test
    void aPollThatDidNotReturnNormallyMeansCatchingUp() {
        poll(List.of());
        freshness.pollStarted(); // and then threw: what it sent, if anything, is unknown

        assertThat(mustCatchUp()).isTrue();
    }

    private void poll(List<RecordedOutcome> sent) {
        freshness.pollStarted();
        freshness.pollSent(sent);
    }

    private boolean mustCatchUp() {
        return freshness.mustCatchUp(tenant -> Optional.ofNullable(read.get(tenant)));
    }

    private static RecordedOutcome outcome(UUID tenant, int attempt) {
        return new RecordedOutcome(
                tenant,
                RecordedOutcome.Result.COMPLETED,
                null,
                UUID.randomUUID(),
                UUID.randomUUID(),
                Instant.now(),
                attempt);
    }
}
