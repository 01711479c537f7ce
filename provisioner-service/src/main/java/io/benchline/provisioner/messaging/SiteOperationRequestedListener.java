package io.benchline.provisioner.messaging;

import io.benchline.events.SiteOperationRequested;
import io.benchline.provisioner.operations.SiteOperations;
import io.benchline.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;

/**
 * Carries out SiteOperationRequested on the listener thread, one record per poll, with a poll interval longer than
 * the longest operation (a backup with files of a big site takes minutes): operations are rare, and a slot worker
 * would add a second durable hand-over for no gain (see the README). On assignment it loads those partitions'
 * answers, so a redelivered request is answered from there. The tenant's ledger partition is computed from its id
 * as the producer's default partitioner placed its TenantRequested, whatever partitioner wrote the request. An
 * unreadable record goes to {@code tenant.site-operation-requested-dlt}.
 */
public final class SiteOperationRequestedListener implements ConsumerSeekAware {

    static final String ID = "provisioner.site-operation-requested";

    private final SiteOperations operations;
    private final String requestTopic;

    public SiteOperationRequestedListener(SiteOperations operations, String requestTopic) {
        this.operations = operations;
        this.requestTopic = requestTopic;
    }

    @KafkaListener(
            id = ID,
            groupId = "${benchline.provisioner.operations.group-id:provisioner-site-operations}",
            topics = "#{T(io.benchline.schemas.Topic).SITE_OPERATION_REQUESTED.topicName()}",
            properties = {
                "max.poll.records=1",
                "max.poll.interval.ms=${benchline.provisioner.operations.max-poll-interval-ms:7200000}"
            })
    void on(SiteOperationRequested request, @Header(KafkaHeaders.RECEIVED_PARTITION) int partition) {
        operations.requested(new SiteOperations.Request(
                request.getTenantId(),
                request.getOperationId(),
                request.getOperation(),
                partition,
                ledgerPartition(request.getTenantId().toString())));
    }

    /** Where EventPublisher's TenantRequested (keyed by the tenant id's string) went: Kafka's default partitioner. */
    static int ledgerPartition(String tenantId) {
        return Utils.toPositive(Utils.murmur2(tenantId.getBytes(StandardCharsets.UTF_8))) % Topic.PARTITIONS;
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        List<Integer> partitions = partitionsOf(assignments.keySet());
        if (!partitions.isEmpty()) {
            operations.partitionsAssigned(partitions);
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        List<Integer> lost = partitionsOf(partitions);
        if (!lost.isEmpty()) {
            operations.partitionsRevoked(lost);
        }
    }

    private List<Integer> partitionsOf(Collection<TopicPartition> partitions) {
        return partitions.stream()
                .filter(tp -> tp.topic().equals(requestTopic))
                .map(TopicPartition::partition)
                .toList();
    }
}
