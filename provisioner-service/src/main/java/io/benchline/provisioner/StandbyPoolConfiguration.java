package io.benchline.provisioner;

import io.benchline.platform.secrets.SecretSealers;
import io.benchline.platform.sites.SiteWebClients;
import io.benchline.provisioner.bench.BenchShell;
import io.benchline.provisioner.hosts.BenchHostPool;
import io.benchline.provisioner.messaging.KafkaStandbyLog;
import io.benchline.provisioner.pool.PoolProperties;
import io.benchline.provisioner.pool.StandbyPoolFactory;
import io.benchline.provisioner.provisioning.SlotScheduler;
import io.benchline.provisioner.provisioning.StandbyPool;
import io.benchline.provisioner.warmup.SiteAdministration;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Wires the standby pool ({@code benchline.provisioner.pool.*}): its compacted topic, the Kafka log, the claims the
 * runs ask for, and the keeper that builds. With {@code enabled: false} nothing is built or claimed, but the pool's
 * log still follows its topic (cheap), so turning the pool on is a configuration change and a restart.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PoolProperties.class)
class StandbyPoolConfiguration {

    /** Compacted: a standby's latest state, claims and retirements stay until the keeper forgets them. */
    @Bean
    NewTopic standbyPoolTopic(PoolProperties pool) {
        return ProvisionerConfiguration.internalTopic(
                        TopicBuilder.name(pool.topic()).compact())
                .build();
    }

    @Bean
    KafkaStandbyLog kafkaStandbyLog(
            PoolProperties pool, ConsumerFactory<?, ?> consumers, Supplier<Producer<String, byte[]>> logWriter) {
        return new KafkaStandbyLog(consumers, logWriter, pool.topic(), pool.groupId());
    }

    @Bean
    StandbyPoolFactory standbyPoolFactory(
            PoolProperties pool,
            KafkaStandbyLog standbyLog,
            BenchHostPool hosts,
            SecretSealers sealers,
            MeterRegistry registry,
            Clock clock) {
        return new StandbyPoolFactory(pool, standbyLog, hosts, sealers, registry, clock);
    }

    @Bean
    StandbyPool standbyPool(StandbyPoolFactory factory, BenchShell bench) {
        return factory.claims(bench::appVersions);
    }

    @Bean
    SiteAdministration siteAdministration(SiteWebClients sites, ProvisionerProperties properties) {
        return new SiteAdministration(sites, properties.warmUp().requestTimeout());
    }

    @Bean
    SmartLifecycle standbyPoolLifecycle(
            StandbyPoolFactory factory,
            BenchHostPool hosts,
            BenchShell bench,
            ObjectProvider<SlotScheduler> scheduler,
            ProvisionerProperties properties) {
        return factory.lifecycle(hosts, bench, () -> scheduler.getObject().waitingCount(), properties.newSiteTimeout());
    }
}
