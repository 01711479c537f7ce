package io.benchline.provisioner;

import static org.awaitility.Awaitility.await;

import io.benchline.schemas.Topic;
import io.benchline.testing.RunningService;
import io.benchline.testing.TopicDump;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The provisioner application started for a test ({@link RunningService}: on the shared broker, test properties
 * as command-line arguments), with fast retries. Several may run one after another on the same ledger to prove
 * crash recovery.
 */
final class RunningProvisioner implements AutoCloseable {

    private final RunningService service;

    private RunningProvisioner(RunningService service) {
        this.service = service;
    }

    /**
     * @param group consumer group and ledger topic suffix: one per test, shared by the restarts of that test
     * @param extra more properties (e.g. a host's {@code SimulatedBenchHost.properties}); they win
     */
    static RunningProvisioner start(String group, String siteCredentialsKeyset, Map<String, String> extra) {
        return start(group, siteCredentialsKeyset, extra, 12);
    }

    /**
     * One of several instances in the same group: started once each of its listeners holds some partitions (the
     * group's members share the 12).
     */
    static RunningProvisioner startMember(String group, String siteCredentialsKeyset, Map<String, String> extra) {
        return start(group, siteCredentialsKeyset, extra, 1);
    }

    private static RunningProvisioner start(
            String group, String siteCredentialsKeyset, Map<String, String> extra, int partitions) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.consumer.group-id", group);
        // Earlier test classes left TenantRequested records for their own tenants on the shared broker.
        properties.put("spring.kafka.consumer.auto-offset-reset", "latest");
        properties.put("benchline.provisioner.ledger-topic", "provisioner.ledger." + group);
        properties.put("benchline.provisioner.credentials.group-id", group + "-credentials");
        // The standby pool's log and owners' group: one per test, as the ledger (the pool itself stays off).
        properties.put("benchline.provisioner.pool.topic", "provisioner.standby." + group);
        properties.put("benchline.provisioner.pool.group-id", group + "-pool");
        properties.put("benchline.provisioner.credentials.failed-group-id", group + "-credentials-failed");
        properties.put("benchline.provisioner.handoff.topic", "provisioner.handoff." + group);
        properties.put("benchline.provisioner.handoff.login-key-group-id", group + "-login-keys");
        properties.put("benchline.provisioner.handoff.removal-group-id", group + "-tenant-removal");
        properties.put("benchline.provisioner.operations.topic", "provisioner.site-operations." + group);
        properties.put("benchline.provisioner.operations.group-id", group + "-site-operations");
        properties.put("benchline.secrets.keysets.site-credentials.json", siteCredentialsKeyset);
        properties.put("benchline.provisioner.retry.initial-delay", "100ms");
        properties.put("benchline.provisioner.warm-up.initial-delay", "100ms");
        properties.put("benchline.kafka.listener-retries", "0");
        properties.put("management.prometheus.metrics.export.enabled", "true");
        // The simulated host's nginx speaks plain HTTP; production refuses it (platform SiteWebClients).
        properties.put("benchline.sites.allow-plain-http", "true");
        // Simulated sites are <subdomain>.localhost: the only names their credentials may be sent to.
        properties.put("benchline.sites.domains", "localhost");
        properties.putAll(extra);
        RunningProvisioner running =
                new RunningProvisioner(RunningService.start(ProvisionerApplication.class, properties));
        try {
            running.awaitAssignment(partitions);
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
        return running;
    }

    <T> T bean(Class<T> type) {
        return service.bean(type);
    }

    RunningService service() {
        return service;
    }

    MessageListenerContainer container() {
        return service.bean(KafkaListenerEndpointRegistry.class).getListenerContainer("provisioner.tenant-requested");
    }

    /** Waits until the tenant.requested listener has handled {@code sent} (its group committed past it). */
    void awaitConsumed(RecordMetadata sent) {
        RunningService.awaitConsumed(container().getGroupId(), sent);
    }

    /** Everything the provisioner published for {@code tenant} (progress, provisioned, failed), as consumers see it. */
    static List<SpecificRecord> published(UUID tenant) {
        return TopicDump.events(tenant, Topic.PROVISIONING_PROGRESS, Topic.SITE_PROVISIONED, Topic.PROVISIONING_FAILED);
    }

    /** Every listener (tenant.requested, signup-completed, ...) has its 12 partitions: "latest" starts from here. */
    private void awaitAssignment(int partitions) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> service.bean(KafkaListenerEndpointRegistry.class).getListenerContainers().stream()
                        .allMatch(c -> {
                            var assigned = c.getAssignedPartitions();
                            return assigned != null && assigned.size() >= partitions;
                        }));
    }

    @Override
    public void close() {
        service.close();
    }
}
