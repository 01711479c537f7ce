package io.benchline.provisioner.messaging;

import io.benchline.events.EmailVerification;
import io.benchline.events.EmailVerificationStatus;
import io.benchline.provisioner.handoff.TenantRemoval;
import java.time.Duration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;

/**
 * Removes the tenant when its verification window closed unverified (EXPIRED); CODE_SENT and VERIFIED change
 * nothing here. A record whose tenant is still being provisioned waits (handed back with {@code nack}, its offset
 * uncommitted) until the run settles, at the latest at the signup's deadline. A group of its own, one record per
 * poll (dropping a site runs bench over SSH); a failure is retried, then parked in
 * {@code tenant.email-verification-dlt}.
 */
public final class EmailVerificationListener {

    static final String ID = "provisioner.email-verification";

    /** How long an EXPIRED record of a tenant still in provisioning waits before it is looked at again. */
    private static final Duration UNSETTLED_WAIT = Duration.ofSeconds(10);

    private final TenantRemoval removal;

    public EmailVerificationListener(TenantRemoval removal) {
        this.removal = removal;
    }

    @KafkaListener(
            id = ID,
            groupId = "${benchline.provisioner.handoff.removal-group-id:provisioner-tenant-removal}",
            topics = "#{T(io.benchline.schemas.Topic).EMAIL_VERIFICATION.topicName()}",
            containerFactory = "manualAckListenerContainerFactory",
            properties = "max.poll.records=1")
    void on(
            EmailVerification verification,
            @Header(KafkaHeaders.RECEIVED_PARTITION) int partition,
            Acknowledgment acknowledgment) {
        if (verification.getStatus() == EmailVerificationStatus.EXPIRED
                && removal.emailNotVerified(verification.getTenantId(), partition)
                        == TenantRemoval.Result.NOT_SETTLED) {
            acknowledgment.nack(UNSETTLED_WAIT);
            return;
        }
        acknowledgment.acknowledge();
    }
}
