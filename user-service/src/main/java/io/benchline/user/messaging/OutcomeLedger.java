package io.benchline.user.messaging;

import io.benchline.platform.kafka.store.CompactedTopics;
import io.benchline.platform.kafka.store.FollowedTopicView;
import io.benchline.platform.kafka.store.ValueCodec;
import io.benchline.user.onboarding.RecordedOutcome;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.json.JsonMapper;

/**
 * user-service's memory of which tenants already have an outcome: the compacted topic {@value #TOPIC} (key
 * tenantId, value a JSON {@link RecordedOutcome}), read from the beginning on start and followed from then on
 * (read_committed, so aborted transactions never count). Entries are written by {@link KafkaTerminalOutcomes} in
 * the listener's transaction, never here. Starts before the listener containers and holds them back until it has
 * read everything; the listener calls {@link #catchUp} before a poll whenever it cannot vouch that the ledger as
 * read is current ({@link LedgerFreshness}: first poll, after an assignment, after a failed poll, or when the previous
 * poll's own outcomes are not read yet), so an outcome committed on any instance is seen, also right after a
 * rebalance.
 */
class OutcomeLedger implements SmartLifecycle {

    static final String TOPIC = "user.outcomes";

    private static final Logger log = LoggerFactory.getLogger(OutcomeLedger.class);

    private final JsonMapper json;
    private final FollowedTopicView<RecordedOutcome> outcomes;

    OutcomeLedger(CompactedTopics topics, JsonMapper json, Duration catchUpTimeout) {
        this.json = json;
        this.outcomes = topics.followed(TOPIC, "user-outcomes", new Codec(json), catchUpTimeout);
    }

    /** Waits until the ledger has read every outcome committed so far (by any instance). */
    void catchUp() {
        outcomes.awaitCommitted();
    }

    /** The tenant's outcome as far as the ledger has read: {@link #catchUp()} first for the latest. */
    Optional<RecordedOutcome> known(UUID tenantId) {
        return outcomes.find(tenantId.toString());
    }

    byte[] serialize(RecordedOutcome outcome) {
        return json.writeValueAsBytes(outcome);
    }

    @Override
    public void start() {
        outcomes.start();
        log.info("Read {} recorded outcomes from {}", outcomes.size(), TOPIC);
    }

    @Override
    public void stop() {
        outcomes.close();
    }

    @Override
    public boolean isRunning() {
        return outcomes.isRunning();
    }

    /** Before the listener containers (phase {@code Integer.MAX_VALUE - 100}), so they never see an empty ledger. */
    @Override
    public int getPhase() {
        return 0;
    }

    private record Codec(JsonMapper json) implements ValueCodec<RecordedOutcome> {

        @Override
        public byte[] encode(RecordedOutcome outcome) {
            return json.writeValueAsBytes(outcome);
        }

        @Override
        public RecordedOutcome decode(byte[] bytes) {
            return json.readValue(bytes, RecordedOutcome.class);
        }
    }
}
