package io.benchline.user.messaging;

import io.benchline.platform.kafka.EventPublisher;
import io.benchline.user.onboarding.RecordedOutcome;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Sends a terminal event and its ledger entry with the same transactional producer. Called on the listener thread,
 * so both join the container's transaction together with the poll's offsets: a crash before the commit leaves
 * none of them, and the redelivered records do the work again (the site answers 409 for a user we created).
 */
class TerminalEventSender {

    private final EventPublisher events;
    private final KafkaTemplate<String, Object> template;
    private final OutcomeLedger ledger;

    TerminalEventSender(EventPublisher events, KafkaTemplate<String, Object> template, OutcomeLedger ledger) {
        this.events = events;
        this.template = template;
        this.ledger = ledger;
    }

    void send(SpecificRecord event, RecordedOutcome outcome) {
        events.publish(event);
        template.send(OutcomeLedger.TOPIC, outcome.tenantId().toString(), ledger.serialize(outcome));
    }

    /**
     * Adds a poll's consumed offsets to the listener thread's transaction (issue 20: at the poll's start, while its
     * work runs; the container adds the same offsets again after the listener). They commit with the poll's
     * outcomes, or not at all.
     */
    void sendOffsets(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        template.sendOffsetsToTransaction(offsets, group);
    }
}
