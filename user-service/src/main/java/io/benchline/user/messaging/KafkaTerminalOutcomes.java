package io.benchline.user.messaging;

import io.benchline.events.ProvisioningFailed;
import io.benchline.events.SignupCompleted;
import io.benchline.platform.kafka.EventPublisher;
import io.benchline.user.onboarding.RecordedOutcome;
import io.benchline.user.onboarding.TerminalOutcomes;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Emits a terminal event and its ledger entry with the same transactional producer. Called from the listener, so
 * both join the container's transaction together with the consumed offset: a crash before the commit leaves
 * neither, and the redelivered record does the work again (the site answers 409 for a user we created).
 */
@Component
class KafkaTerminalOutcomes implements TerminalOutcomes {

    private final EventPublisher events;
    private final KafkaTemplate<String, Object> template;
    private final OutcomeLedger ledger;
    private final Clock clock;

    KafkaTerminalOutcomes(
            EventPublisher events, KafkaTemplate<String, Object> template, OutcomeLedger ledger, Clock clock) {
        this.events = events;
        this.template = template;
        this.ledger = ledger;
        this.clock = clock;
    }

    @Override
    public Optional<RecordedOutcome> recorded(UUID tenantId) {
        return ledger.find(tenantId);
    }

    @Override
    public void completed(SignupCompleted event, UUID causeEventId) {
        events.publish(event);
        record(new RecordedOutcome(
                event.getTenantId(),
                RecordedOutcome.Result.COMPLETED,
                null,
                causeEventId,
                event.getEventId(),
                clock.instant(),
                event.getAttempt()));
    }

    @Override
    public void failed(ProvisioningFailed event, UUID causeEventId) {
        events.publish(event);
        record(new RecordedOutcome(
                event.getTenantId(),
                RecordedOutcome.Result.FAILED,
                event.getReason().name(),
                causeEventId,
                event.getEventId(),
                clock.instant(),
                event.getAttempt()));
    }

    private void record(RecordedOutcome outcome) {
        template.send(OutcomeLedger.TOPIC, outcome.tenantId().toString(), ledger.serialize(outcome));
    }
}
