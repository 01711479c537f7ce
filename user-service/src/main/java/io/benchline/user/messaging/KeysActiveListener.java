package io.benchline.user.messaging;

import io.benchline.events.KeysActive;
import io.benchline.user.onboarding.CustomerOnboarding;
import io.benchline.user.onboarding.OnboardingResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code tenant.keys-active}. Runs inside the container's Kafka transaction, so the terminal event, the
 * ledger entry and this record's offset are committed together or not at all.
 */
@Component
class KeysActiveListener {

    private static final Logger log = LoggerFactory.getLogger(KeysActiveListener.class);

    private final CustomerOnboarding onboarding;

    KeysActiveListener(CustomerOnboarding onboarding) {
        this.onboarding = onboarding;
    }

    @KafkaListener(
            id = "keys-active",
            groupId = "user-service",
            topics = "#{T(io.benchline.schemas.Topic).KEYS_ACTIVE.topicName()}")
    void on(KeysActive event) {
        OnboardingResult result = onboarding.onboard(event);
        log.debug("KeysActive {} of tenant {}: {}", event.getEventId(), event.getTenantId(), result);
    }
}
