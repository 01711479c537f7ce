package io.benchline.provisioner.messaging;

import io.benchline.events.ProvisioningFailed;
import io.benchline.provisioner.provisioning.CredentialsRevocation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;

/**
 * Revokes a failed tenant's API secret once its retry window is over. The record itself is the durable timer: its
 * offset is committed only after the revocation, and until the window ends it is handed back ({@code nack}) and
 * looked at again a little later, so a restart or rebalance loses nothing. Failures arrive in about the order they
 * happened, so the head of a partition is also about the first to fall due. A group of its own, one record per poll.
 */
public final class ProvisioningFailedListener {

    static final String ID = "provisioner.provisioning-failed";

    /** Well inside {@code max.poll.interval.ms}, whether the container pauses or sleeps while a record waits. */
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(30);

    private final CredentialsRevocation revocation;
    private final Duration retryWindow;
    private final Clock clock;

    public ProvisioningFailedListener(CredentialsRevocation revocation, Duration retryWindow, Clock clock) {
        this.revocation = revocation;
        this.retryWindow = retryWindow;
        this.clock = clock;
    }

    @KafkaListener(
            id = ID,
            groupId = "${benchline.provisioner.credentials.failed-group-id:provisioner-credentials-failed}",
            topics = "#{T(io.benchline.schemas.Topic).PROVISIONING_FAILED.topicName()}",
            containerFactory = "manualAckListenerContainerFactory",
            properties = "max.poll.records=1")
    void on(
            ProvisioningFailed failed,
            @Header(KafkaHeaders.RECEIVED_PARTITION) int partition,
            Acknowledgment acknowledgment) {
        Instant due = failed.getOccurredAt().plus(retryWindow);
        Duration left = Duration.between(clock.instant(), due);
        if (!left.isNegative() && !left.isZero()) {
            acknowledgment.nack(left.compareTo(LONGEST_WAIT) < 0 ? left : LONGEST_WAIT);
            return;
        }
        revocation.retryWindowOver(failed.getTenantId(), failed.getAttempt(), partition);
        acknowledgment.acknowledge();
    }
}
