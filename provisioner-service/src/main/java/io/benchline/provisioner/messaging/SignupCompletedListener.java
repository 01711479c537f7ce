package io.benchline.provisioner.messaging;

import io.benchline.events.SignupCompleted;
import io.benchline.provisioner.provisioning.CredentialsRevocation;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;

/**
 * Revokes a completed tenant's API secret. A group of its own, so its offsets and rebalances are independent of
 * provisioning's. Every public topic has tenant.requested's partitioning (12 partitions, key tenantId), so the
 * record's partition is the tenant's ledger partition. One record per poll: a revocation runs bench over SSH and
 * must stay well inside {@code max.poll.interval.ms}. Its offsets are committed once a second, not after each poll
 * (one commit request per completion, BENCHMARKS.md session 15): a revocation replayed after a restart finds nothing
 * left to revoke.
 */
public final class SignupCompletedListener {

    static final String ID = "provisioner.signup-completed";

    private final CredentialsRevocation revocation;

    public SignupCompletedListener(CredentialsRevocation revocation) {
        this.revocation = revocation;
    }

    @KafkaListener(
            id = ID,
            groupId = "${benchline.provisioner.credentials.group-id:provisioner-credentials}",
            topics = "#{T(io.benchline.schemas.Topic).SIGNUP_COMPLETED.topicName()}",
            containerFactory = "timedCommitListenerContainerFactory",
            properties = "max.poll.records=1")
    void on(SignupCompleted completed, @Header(KafkaHeaders.RECEIVED_PARTITION) int partition) {
        revocation.signupCompleted(completed.getTenantId(), completed.getAttempt(), partition);
    }
}
