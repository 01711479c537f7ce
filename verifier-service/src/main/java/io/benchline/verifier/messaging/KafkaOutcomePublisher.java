package io.benchline.verifier.messaging;

import io.benchline.platform.kafka.EventPublisher;
import io.benchline.verifier.verification.OutcomePublisher;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.stereotype.Component;

/** Publishes outcomes to their catalogue topics (tenant.keys-active, tenant.provisioning-failed). */
@Component
class KafkaOutcomePublisher implements OutcomePublisher {

    private final EventPublisher events;

    KafkaOutcomePublisher(EventPublisher events) {
        this.events = events;
    }

    @Override
    public CompletableFuture<Void> publish(SpecificRecord event) {
        return events.publish(event).thenApply(sent -> null);
    }
}
