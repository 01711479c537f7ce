package io.benchline.provisioner.messaging;

import io.benchline.events.LoginKeyRequested;
import io.benchline.provisioner.handoff.LoginKeys;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;

/**
 * Answers LoginKeyRequested. A group of its own; one record per poll (minting runs bench over SSH). On assignment
 * it loads those partitions' answers from the hand-off store, so a redelivered request is answered from there.
 * The request topic is partitioned like tenant.requested, so the record's partition is the tenant's ledger
 * partition. An unreadable record goes to {@code tenant.login-key-requested-dlt}.
 */
public final class LoginKeyRequestedListener implements ConsumerSeekAware {

    static final String ID = "provisioner.login-key-requested";

    private final LoginKeys loginKeys;
    private final String requestTopic;

    public LoginKeyRequestedListener(LoginKeys loginKeys, String requestTopic) {
        this.loginKeys = loginKeys;
        this.requestTopic = requestTopic;
    }

    @KafkaListener(
            id = ID,
            groupId = "${benchline.provisioner.handoff.login-key-group-id:provisioner-login-keys}",
            topics = "#{T(io.benchline.schemas.Topic).LOGIN_KEY_REQUESTED.topicName()}",
            properties = "max.poll.records=1")
    void on(LoginKeyRequested request, @Header(KafkaHeaders.RECEIVED_PARTITION) int partition) {
        loginKeys.requested(request.getTenantId(), request.getRequestId(), request.getOccurredAt(), partition);
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        List<Integer> partitions = partitionsOf(assignments.keySet());
        if (!partitions.isEmpty()) {
            loginKeys.partitionsAssigned(partitions);
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        List<Integer> lost = partitionsOf(partitions);
        if (!lost.isEmpty()) {
            loginKeys.partitionsRevoked(lost);
        }
    }

    private List<Integer> partitionsOf(Collection<TopicPartition> partitions) {
        return partitions.stream()
                .filter(tp -> tp.topic().equals(requestTopic))
                .map(TopicPartition::partition)
                .toList();
    }
}
