package io.benchline.provisioner;

import io.benchline.platform.kafka.EventPublisher;
import io.benchline.platform.kafka.store.CompactedTopics;
import io.benchline.platform.secrets.SecretSealers;
import io.benchline.platform.sites.SiteAddressPolicy;
import io.benchline.platform.sites.SiteWebClients;
import io.benchline.provisioner.bench.BenchShell;
import io.benchline.provisioner.bench.BenchTimeouts;
import io.benchline.provisioner.handoff.TenantRemoval;
import io.benchline.provisioner.hosts.BenchHost;
import io.benchline.provisioner.hosts.BenchHostPool;
import io.benchline.provisioner.messaging.KafkaLedger;
import io.benchline.provisioner.messaging.KafkaOutcomeLookup;
import io.benchline.provisioner.messaging.ListenerIntake;
import io.benchline.provisioner.messaging.ProvisioningFailedListener;
import io.benchline.provisioner.messaging.SignupCompletedListener;
import io.benchline.provisioner.messaging.TenantRequestedListener;
import io.benchline.provisioner.provisioning.CredentialsRevocation;
import io.benchline.provisioner.provisioning.HostAccess;
import io.benchline.provisioner.provisioning.ProvisioningEvents;
import io.benchline.provisioner.provisioning.ProvisioningMetrics;
import io.benchline.provisioner.provisioning.SchedulerSettings;
import io.benchline.provisioner.provisioning.SiteCredentials;
import io.benchline.provisioner.provisioning.SiteProvisioner;
import io.benchline.provisioner.provisioning.SlotScheduler;
import io.benchline.provisioner.provisioning.StandbyPool;
import io.benchline.provisioner.provisioning.StepRetries;
import io.benchline.provisioner.provisioning.TenantRecords;
import io.benchline.provisioner.ssh.SshCommandRunner;
import io.benchline.provisioner.ssh.SshEndpoint;
import io.benchline.provisioner.warmup.SiteAdministration;
import io.benchline.provisioner.warmup.SiteWarmUp;
import io.benchline.schemas.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;

/** Wires the provisioner from {@link ProvisionerProperties}: SSH, bench, hosts, warm-up, ledger, scheduler, listener. */
@Configuration(proxyBeanMethods = false)
class ProvisionerConfiguration {

    private static final Duration MAX_COMPACTION_LAG = Duration.ofDays(1);
    /** How often {@link #timedCommitListenerContainerFactory}'s listeners commit what they processed. */
    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Compacted, one partition per tenant.requested partition: the ledger follows request ownership. A record
     * superseded by a newer one of its tenant (e.g. the sealed credentials, once revoked) is compacted away within
     * a day: without {@code max.compaction.lag.ms} it could sit in a segment that is never cleaned.
     */
    @Bean
    NewTopic provisionerLedgerTopic(ProvisionerProperties properties) {
        return internalTopic(TopicBuilder.name(properties.ledgerTopic()).compact())
                .build();
    }

    /**
     * What the provisioner's own compacted topics (ledger, hand-off, standby pool) share: the public topics'
     * partitioning and a {@code max.compaction.lag.ms} of a day. Each bean names its topic, says {@code compact()}
     * and builds it itself, because deploy-check reads the name and the cleanup policy from that bean method's
     * bytecode.
     */
    static TopicBuilder internalTopic(TopicBuilder compacted) {
        return compacted
                .partitions(Topic.PARTITIONS)
                .config(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, Long.toString(MAX_COMPACTION_LAG.toMillis()));
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
    BenchShell benchShell(SshCommandRunner ssh, ProvisionerProperties properties, SiteOperationsProperties operations) {
        return new BenchShell(
                ssh,
                new BenchTimeouts(
                        properties.newSiteTimeout(), properties.commandTimeout(), operations.backupTimeout()));
    }

    @Bean
    SiteWarmUp siteWarmUp(SiteWebClients sites, ProvisionerProperties properties) {
        return new SiteWarmUp(sites, properties.warmUp().requestTimeout());
    }

    @Bean(destroyMethod = "close")
    KafkaLedger kafkaLedger(ProvisionerProperties properties, CompactedTopics topics) {
        return new KafkaLedger(topics, properties.ledgerTopic());
    }

    @Bean
    ProvisioningMetrics provisioningMetrics(MeterRegistry registry, BenchHostPool pool) {
        return new ProvisioningMetrics(registry, pool);
    }

    /**
     * An outcome whose send is unknown (timed out, the process paused) is looked up on its topic before it is sent
     * again. {@code outcome-send-wait} must exceed the producer's {@code delivery.timeout.ms} (2 min by default).
     */
    @Bean
    ProvisioningEvents provisioningEvents(
            EventPublisher publisher,
            Clock clock,
            ConsumerFactory<Object, Object> consumers,
            @Value("${benchline.provisioner.outcome-send-wait:3m}") Duration sendWait) {
        return new ProvisioningEvents(
                publisher, clock, new KafkaOutcomeLookup(consumers, Duration.ofSeconds(30)), sendWait);
    }

    /** Built once: every run shares them (a RetryTemplate holds no per-call state). */
    @Bean
    StepRetries stepRetries(ProvisionerProperties properties) {
        ProvisionerProperties.Retry steps = properties.retry();
        ProvisionerProperties.WarmUp warmUp = properties.warmUp();
        return new StepRetries(
                retryTemplate(steps.maxAttempts(), steps.initialDelay(), steps.multiplier(), steps.maxDelay()),
                retryTemplate(warmUp.maxAttempts(), warmUp.initialDelay(), warmUp.multiplier(), warmUp.maxDelay()));
    }

    @Bean
    SiteCredentials siteCredentials(SecretSealers sealers, SiteAddressPolicy sites) {
        return new SiteCredentials(sealers, sites);
    }

    /** Built once: provisioning, revocation and the hand-off reach the hosts through the same parts. */
    @Bean
    HostAccess hostAccess(BenchShell bench, BenchHostPool pool, SiteWarmUp warmUp) {
        return new HostAccess(bench, pool, warmUp);
    }

    /** Built once: provisioning, revocation and the hand-off write to the same ledger, events and metrics. */
    @Bean
    TenantRecords tenantRecords(
            KafkaLedger ledger, ProvisioningEvents events, ProvisioningMetrics metrics, Clock clock) {
        return new TenantRecords(ledger, events, metrics, clock);
    }

    @Bean
    SiteProvisioner siteProvisioner(
            HostAccess hosts,
            TenantRecords records,
            SiteCredentials credentials,
            StepRetries retries,
            StandbyPool standbyPool,
            SiteAdministration administration) {
        return new SiteProvisioner(hosts, records, credentials, retries, standbyPool, administration);
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

    @Bean
    CredentialsRevocation credentialsRevocation(
            HostAccess hosts, TenantRecords records, SiteCredentials credentials, SiteAdministration administration) {
        return new CredentialsRevocation(hosts, records, credentials, administration);
    }

    @Bean
    SignupCompletedListener signupCompletedListener(CredentialsRevocation revocation) {
        return new SignupCompletedListener(revocation);
    }

    @Bean
    ProvisioningFailedListener provisioningFailedListener(
            TenantRemoval removal, KafkaLedger ledger, SlotScheduler scheduler, Clock clock) {
        return new ProvisioningFailedListener(removal, ledger, scheduler, clock);
    }

    /** Boot's listener settings (error handler included) with manual acknowledgement, for delayed records. */
    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> manualAckListenerContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers) {
        return listenerFactory(configurer, consumers, container -> container.setAckMode(AckMode.MANUAL));
    }

    /**
     * Boot's listener settings with offsets committed at most once a second instead of after every poll: for a
     * listener that polls one record at a time and whose records are harmless to process again, a commit request per
     * record is the broker's only cost of it. A restart replays at most a second of records.
     */
    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> timedCommitListenerContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers) {
        return listenerFactory(configurer, consumers, container -> {
            container.setAckMode(AckMode.TIME);
            container.setAckTime(COMMIT_INTERVAL.toMillis());
        });
    }

    /** Boot's listener settings (error handler included), then {@code commits}' own acknowledgement settings. */
    private static ConcurrentKafkaListenerContainerFactory<Object, Object> listenerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
            ConsumerFactory<Object, Object> consumers,
            Consumer<ContainerProperties> commits) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory =
                new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumers);
        commits.accept(factory.getContainerProperties());
        return factory;
    }

    private static RetryTemplate retryTemplate(
            int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay) {
        return new RetryTemplate(RetryPolicy.builder()
                .maxRetries(maxAttempts - 1)
                .delay(initialDelay)
                .multiplier(multiplier)
                .maxDelay(maxDelay)
                .predicate(StepRetries::isTransient)
                .build());
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
