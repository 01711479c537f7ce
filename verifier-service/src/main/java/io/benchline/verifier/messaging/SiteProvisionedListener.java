package io.benchline.verifier.messaging;

import io.benchline.events.SiteProvisioned;
import io.benchline.schemas.Topic;
import io.benchline.verifier.verification.Verifications;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Hands each SiteProvisioned to {@link Verifications} and returns at once; the probes run on Reactor timers.
 * When partitions move between instances, the new owner restores their decisions (resuming any verification left
 * PROBING) before it reads their records, and the old owner stops its verifications of them.
 */
@Component
class SiteProvisionedListener implements ConsumerSeekAware {

    private static final String TOPIC = "tenant.site-provisioned";

    /** The container's id; its consumer group is {@code spring.kafka.consumer.group-id}, not this id. */
    static final String ID = "verifier.site-provisioned";

    private final Verifications verifications;
    private final KafkaDecisionLog decisions;

    SiteProvisionedListener(Verifications verifications, KafkaDecisionLog decisions) {
        if (!TOPIC.equals(Topic.SITE_PROVISIONED.topicName())) {
            throw new IllegalStateException("the topic catalogue renamed " + TOPIC);
        }
        this.verifications = verifications;
        this.decisions = decisions;
    }

    @KafkaListener(id = ID, idIsGroup = false, topics = TOPIC)
    void on(SiteProvisioned event, @Header(KafkaHeaders.RECEIVED_PARTITION) int partition) {
        verifications.on(event, partition);
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        List<Integer> partitions = assignments.keySet().stream()
                .filter(tp -> tp.topic().equals(TOPIC))
                .map(TopicPartition::partition)
                .toList();
        decisions.restore(partitions).forEach(verifications::adopt);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        partitions.stream().filter(tp -> tp.topic().equals(TOPIC)).forEach(tp -> verifications.release(tp.partition()));
    }
}
