package io.benchline.provisioner;

import io.benchline.platform.kafka.EventPublisher;
import io.benchline.platform.secrets.SecretSealers;
import io.benchline.provisioner.bench.BenchShell;
import io.benchline.provisioner.bench.BenchTimeouts;
import io.benchline.provisioner.hosts.BenchHost;
import io.benchline.provisioner.hosts.BenchHostPool;
import io.benchline.provisioner.messaging.KafkaLedger;
import io.benchline.provisioner.messaging.ListenerIntake;
import io.benchline.provisioner.messaging.TenantRequestedListener;
import io.benchline.provisioner.provisioning.ProvisioningEvents;
import io.benchline.provisioner.provisioning.ProvisioningMetrics;
import io.benchline.provisioner.provisioning.RetrySettings;
import io.benchline.provisioner.provisioning.SchedulerSettings;
import io.benchline.provisioner.provisioning.SiteProvisioner;
import io.benchline.provisioner.provisioning.SlotScheduler;
import io.benchline.provisioner.ssh.SshCommandRunner;
import io.benchline.provisioner.ssh.SshEndpoint;
import io.benchline.provisioner.warmup.SiteWarmUp;
import io.benchline.schemas.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.web.reactive.function.client.WebClient;

/** Wires the provisioner from {@link ProvisionerProperties}: SSH, bench, hosts, warm-up, ledger, scheduler, listener. */
@Configuration(proxyBeanMethods = false)
class ProvisionerConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Compacted, one partition per tenant.requested partition: the ledger follows request ownership. */
    @Bean
    NewTopic provisionerLedgerTopic(ProvisionerProperties properties) {
        return TopicBuilder.name(properties.ledgerTopic())
                .partitions(Topic.PARTITIONS)
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                .build();
    }

    @Bean(destroyMethod = "close")
    SshCommandRunner sshCommandRunner(ProvisionerProperties properties) {
        return new SshCommandRunner(properties.connectTimeout());
    }

    @Bean
    BenchHostPool benchHostPool(ProvisionerProperties properties, Clock clock) {
        return new BenchHostPool(
                properties.hosts().stream()
                        .map(ProvisionerConfiguration::benchHost)
                        .toList(),
                properties.hostCoolDown(),
                clock);
    }

    @Bean
    BenchShell benchShell(SshCommandRunner ssh, ProvisionerProperties properties) {
        return new BenchShell(ssh, new BenchTimeouts(properties.newSiteTimeout(), properties.commandTimeout()));
    }

    @Bean
    SiteWarmUp siteWarmUp(ProvisionerProperties properties) {
        return new SiteWarmUp(WebClient.builder(), properties.warmUp().requestTimeout());
    }

    @Bean(destroyMethod = "close")
    KafkaLedger kafkaLedger(ProvisionerProperties properties, KafkaProperties kafka) {
        return new KafkaLedger(
                properties.ledgerTopic(), kafka.buildProducerProperties(), kafka.buildConsumerProperties());
    }

    @Bean
    ProvisioningMetrics provisioningMetrics(MeterRegistry registry, BenchHostPool pool) {
        return new ProvisioningMetrics(registry, pool);
    }

    @Bean
    ProvisioningEvents provisioningEvents(EventPublisher publisher, Clock clock) {
        return new ProvisioningEvents(publisher, clock);
    }

    @Bean
    SiteProvisioner siteProvisioner(
            BenchShell bench,
            BenchHostPool pool,
            SiteWarmUp warmUp,
            KafkaLedger ledger,
            ProvisioningEvents events,
            ProvisioningMetrics metrics,
            SecretSealers sealers,
            ProvisionerProperties properties,
            Clock clock) {
        ProvisionerProperties.Retry retry = properties.retry();
        ProvisionerProperties.WarmUp warm = properties.warmUp();
        return new SiteProvisioner(
                bench,
                pool,
                warmUp,
                ledger,
                events,
                metrics,
                sealers,
                new RetrySettings(retry.maxAttempts(), retry.initialDelay(), retry.multiplier(), retry.maxDelay()),
                new RetrySettings(warm.maxAttempts(), warm.initialDelay(), warm.multiplier(), warm.maxDelay()),
                clock);
    }

    @Bean
    ListenerIntake listenerIntake(KafkaListenerEndpointRegistry registry) {
        return new ListenerIntake(registry);
    }

    @Bean(destroyMethod = "close")
    SlotScheduler slotScheduler(
            BenchHostPool pool,
            SiteProvisioner provisioner,
            ListenerIntake intake,
            ProvisioningMetrics metrics,
            ProvisionerProperties properties,
            Clock clock) {
        int backlog = properties.backlog() > 0 ? properties.backlog() : pool.totalSlots();
        return new SlotScheduler(
                pool,
                provisioner,
                intake,
                new SchedulerSettings(backlog, properties.hostWaitTimeout(), Duration.ofSeconds(1)),
                metrics,
                clock);
    }

    @Bean
    TenantRequestedListener tenantRequestedListener(KafkaLedger ledger, SlotScheduler scheduler, Clock clock) {
        return new TenantRequestedListener(ledger, scheduler, clock, Topic.TENANT_REQUESTED.topicName());
    }

    private static BenchHost benchHost(ProvisionerProperties.Host host) {
        return new BenchHost(
                host.id(),
                new SshEndpoint(
                        host.id(),
                        host.sshHost(),
                        host.sshPort(),
                        host.sshUser(),
                        host.privateKeyFile(),
                        host.knownHostsFile(),
                        host.pinnedHostKey()),
                host.benchFolder(),
                host.slots(),
                host.siteDomain(),
                host.httpBaseUrl(),
                host.publish(),
                host.reloadCommand(),
                host.benchExecutable());
    }
}
