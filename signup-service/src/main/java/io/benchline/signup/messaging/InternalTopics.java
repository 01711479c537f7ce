package io.benchline.signup.messaging;

import io.benchline.schemas.Topic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * signup-service's own topics. Claims are keyed by subdomain (one partition, so one Streams task, decides each
 * name); status and subdomain views are compacted snapshots every instance reads in full.
 */
@Configuration(proxyBeanMethods = false)
class InternalTopics {

    /** Claim and release commands, keyed by subdomain. */
    static final String CLAIMS = "signup.subdomain-claims";

    /** The registry's answer to each claim, keyed by request id, read by every instance. */
    static final String DECISIONS = "signup.claim-decisions";

    /** Latest status of each signup, keyed by tenantId. */
    static final String STATUS = "signup.status";

    /** Who holds each subdomain, keyed by subdomain, for the form's live check on any instance. */
    static final String SUBDOMAINS = "signup.subdomains";

    @Bean
    KafkaAdmin.NewTopics signupInternalTopics() {
        return new KafkaAdmin.NewTopics(
                TopicBuilder.name(CLAIMS)
                        .partitions(Topic.PARTITIONS)
                        .config(
                                TopicConfig.RETENTION_MS_CONFIG,
                                Long.toString(java.time.Duration.ofDays(7).toMillis()))
                        .build(),
                TopicBuilder.name(DECISIONS)
                        .partitions(Topic.PARTITIONS)
                        .config(
                                TopicConfig.RETENTION_MS_CONFIG,
                                Long.toString(java.time.Duration.ofHours(1).toMillis()))
                        .build(),
                TopicBuilder.name(STATUS).partitions(Topic.PARTITIONS).compact().build(),
                TopicBuilder.name(SUBDOMAINS)
                        .partitions(Topic.PARTITIONS)
                        .compact()
                        .build());
    }
}
