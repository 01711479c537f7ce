package io.benchline.provisioner;

import io.benchline.platform.kafka.EventPublisher;
import io.benchline.platform.kafka.store.CompactedTopics;
import io.benchline.platform.secrets.SecretSealers;
import io.benchline.platform.sites.SiteAddressPolicy;
import io.benchline.provisioner.handoff.HandoffMetrics;
import io.benchline.provisioner.handoff.HandoffStore;
import io.benchline.provisioner.handoff.LoginKeys;
import io.benchline.provisioner.handoff.TenantRemoval;
import io.benchline.provisioner.messaging.EmailVerificationListener;
import io.benchline.provisioner.messaging.LoginKeyRequestedListener;
import io.benchline.provisioner.provisioning.HostAccess;
import io.benchline.provisioner.provisioning.TenantRecords;
import io.benchline.schemas.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Wires the hand-off from {@link HandoffProperties}: login keys, removal of unverified tenants, their store. */
@Configuration(proxyBeanMethods = false)
class HandoffConfiguration {

    /**
     * Compacted, partitioned like the public topics. Answers superseded by their PUBLISHED record (which drops the
     * sealed key) are compacted away within a day, like the ledger's.
     */
    @Bean
    NewTopic provisionerHandoffTopic(HandoffProperties properties) {
        return ProvisionerConfiguration.internalTopic(
                        TopicBuilder.name(properties.topic()).compact())
                .build();
    }

    @Bean(destroyMethod = "close")
    HandoffStore handoffStore(CompactedTopics topics, HandoffProperties properties) {
        return new HandoffStore(topics, properties.topic());
    }

    @Bean
    HandoffMetrics handoffMetrics(MeterRegistry registry) {
        return new HandoffMetrics(registry);
    }

    @Bean
    LoginKeys loginKeys(
            HostAccess hosts,
            TenantRecords records,
            HandoffStore store,
            SecretSealers sealers,
            SiteAddressPolicy sites,
            EventPublisher publisher,
            HandoffMetrics handoffMetrics,
            HandoffProperties properties) {
        return new LoginKeys(
                hosts,
                records,
                store,
                new LoginKeys.Sealing(sealers, sites),
                publisher,
                handoffMetrics,
                new LoginKeys.Settings(properties.loginKeyMinutes(), properties.loginKeyRequestMaxAge()));
    }

    @Bean
    TenantRemoval tenantRemoval(
            HostAccess hosts,
            TenantRecords records,
            HandoffStore store,
            HandoffMetrics handoffMetrics,
            EventPublisher publisher) {
        return new TenantRemoval(hosts, records, store, handoffMetrics, publisher);
    }

    @Bean
    LoginKeyRequestedListener loginKeyRequestedListener(LoginKeys loginKeys) {
        return new LoginKeyRequestedListener(loginKeys, Topic.LOGIN_KEY_REQUESTED.topicName());
    }

    @Bean
    EmailVerificationListener emailVerificationListener(TenantRemoval removal) {
        return new EmailVerificationListener(removal);
    }
}
