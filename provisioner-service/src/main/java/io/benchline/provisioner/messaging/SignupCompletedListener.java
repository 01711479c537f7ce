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
 * must stay well inside {@code max.poll.interval.ms}. Nobody waits for a revocation, so its fetches wait up to 500 ms
 * for 1 MiB: under load one request brings half a second of completions instead of one request per completion or two
 * (BENCHMARKS.md, session 15).
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
            properties = {"max.poll.records=1", "fetch.min.bytes=1048576", "fetch.max.wait.ms=500"})
    void on(SignupCompleted completed, @Header(KafkaHeaders.RECEIVED_PARTITION) int partition) {
        revocation.signupCompleted(completed.getTenantId(), completed.getAttempt(), partition);
    }
}
