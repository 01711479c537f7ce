package io.benchline.provisioner;

import static org.awaitility.Awaitility.await;

import io.benchline.testing.KafkaTestBroker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The provisioner application started for a test, on the shared broker, as a real process would run it. Several
 * may run one after another on the same group and ledger to prove crash recovery.
 */
final class RunningProvisioner implements AutoCloseable {

    final ConfigurableApplicationContext context;

    private RunningProvisioner(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * @param group consumer group and ledger topic suffix: one per test, shared by the restarts of that test
     */
    static RunningProvisioner start(String group, String siteCredentialsKeyset, Map<String, String> extra) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.bootstrap-servers", KafkaTestBroker.bootstrapServers());
        properties.put("spring.kafka.consumer.group-id", group);
        // Earlier test classes left TenantRequested records for their own tenants on the shared broker.
        properties.put("spring.kafka.consumer.auto-offset-reset", "latest");
        properties.put("benchline.provisioner.ledger-topic", "provisioner.ledger." + group);
        properties.put("benchline.secrets.keysets.site-credentials.json", siteCredentialsKeyset);
        properties.put("benchline.provisioner.retry.initial-delay", "100ms");
        properties.put("benchline.provisioner.warm-up.initial-delay", "100ms");
        properties.put("benchline.kafka.listener-retries", "0");
        properties.put("management.prometheus.metrics.export.enabled", "true");
        properties.putAll(extra);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ProvisionerApplication.class)
                .web(WebApplicationType.NONE)
                .properties(properties)
                .run();
        RunningProvisioner running = new RunningProvisioner(context);
        running.awaitAssignment();
        return running;
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    MessageListenerContainer container() {
        return context.getBean(KafkaListenerEndpointRegistry.class)
                .getListenerContainer("provisioner.tenant-requested");
    }

    private void awaitAssignment() {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            var assigned = container().getAssignedPartitions();
            return assigned != null && assigned.size() == 12;
        });
    }

    @Override
    public void close() {
        context.close();
    }
}
