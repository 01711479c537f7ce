package io.benchline.provisioner;

import io.benchline.platform.kafka.EventPublisher;
import io.benchline.platform.kafka.store.CompactedTopics;
import io.benchline.platform.secrets.SecretSealers;
import io.benchline.platform.sites.SiteAddressPolicy;
import io.benchline.provisioner.bench.BenchShell;
import io.benchline.provisioner.handoff.HandoffMetrics;
import io.benchline.provisioner.handoff.HandoffStore;
import io.benchline.provisioner.handoff.LoginKeys;
import io.benchline.provisioner.handoff.TenantRemoval;
import io.benchline.provisioner.hosts.BenchHostPool;
import io.benchline.provisioner.messaging.EmailVerificationListener;
import io.benchline.provisioner.messaging.KafkaLedger;
import io.benchline.provisioner.messaging.LoginKeyRequestedListener;
import io.benchline.provisioner.provisioning.HostAccess;
import io.benchline.provisioner.provisioning.ProvisioningEvents;
import io.benchline.provisioner.provisioning.ProvisioningMetrics;
import io.benchline.provisioner.provisioning.TenantRecords;
import io.benchline.provisioner.warmup.SiteWarmUp;
import io.benchline.schemas.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
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
        return TopicBuilder.name(properties.topic())
                .partitions(Topic.PARTITIONS)
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                .config(
                        TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG,
                        Long.toString(ProvisionerConfiguration.LEDGER_MAX_COMPACTION_LAG.toMillis()))
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
            BenchShell bench,
            BenchHostPool pool,
            SiteWarmUp warmUp,
            KafkaLedger ledger,
            ProvisioningEvents events,
            ProvisioningMetrics metrics,
            Clock clock,
            HandoffStore store,
            SecretSealers sealers,
            SiteAddressPolicy sites,
            EventPublisher publisher,
            HandoffMetrics handoffMetrics,
            HandoffProperties properties) {
        return new LoginKeys(
                new HostAccess(bench, pool, warmUp),
                new TenantRecords(ledger, events, metrics, clock),
                store,
                new LoginKeys.Sealing(sealers, sites),
                publisher,
                handoffMetrics,
                new LoginKeys.Settings(properties.loginKeyMinutes(), properties.loginKeyRequestMaxAge()));
    }

    @Bean
    TenantRemoval tenantRemoval(
            BenchShell bench,
            BenchHostPool pool,
            SiteWarmUp warmUp,
            KafkaLedger ledger,
            ProvisioningEvents events,
            ProvisioningMetrics metrics,
            Clock clock,
            HandoffStore store,
            HandoffMetrics handoffMetrics) {
        return new TenantRemoval(
                new HostAccess(bench, pool, warmUp),
                new TenantRecords(ledger, events, metrics, clock),
                store,
                handoffMetrics);
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
