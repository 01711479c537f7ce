package io.benchline.verifier.messaging;

import io.benchline.platform.kafka.BenchlineKafkaProperties;
import io.benchline.schemas.Topic;
import io.benchline.verifier.system.VerifierProperties;
import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Declares {@code verifier.decisions}: compacted (only each tenant's latest decision matters) and with as many
 * partitions as {@code tenant.site-provisioned}, which the partition-for-partition hand-over relies on.
 */
@Configuration(proxyBeanMethods = false)
class DecisionsTopic {

    @Bean
    NewTopic verifierDecisionsTopic(VerifierProperties verifier, BenchlineKafkaProperties kafka) {
        TopicBuilder builder = TopicBuilder.name(verifier.decisionsTopic())
                .partitions(Topic.SITE_PROVISIONED.partitions())
                .compact()
                // A PROBING record holds the site's sealed key and secret; its DECIDED successor holds none. Without a
                // maximum lag the superseded record could sit for good in a segment that is never cleaned.
                .config(
                        TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG,
                        Long.toString(Duration.ofDays(1).toMillis()));
        if (kafka.replicationFactor() != null) {
            builder.replicas(kafka.replicationFactor());
        }
        return builder.build();
    }
}
