package io.benchline.provisioner;

import io.benchline.platform.kafka.EventPublisher;
import io.benchline.platform.kafka.store.CompactedTopics;
import io.benchline.provisioner.handoff.TenantRemoval;
import io.benchline.provisioner.messaging.SiteOperationRequestedListener;
import io.benchline.provisioner.operations.ArchiveFolders;
import io.benchline.provisioner.operations.OperationStore;
import io.benchline.provisioner.operations.SiteOperations;
import io.benchline.provisioner.provisioning.HostAccess;
import io.benchline.provisioner.provisioning.TenantRecords;
import io.benchline.schemas.Topic;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** Wires the site operations from {@link SiteOperationsProperties} and each host's folders. */
@Configuration(proxyBeanMethods = false)
class SiteOperationsConfiguration {

    /** Compacted, partitioned like the request topic; an operation's PUBLISHED record supersedes its others. */
    @Bean
    NewTopic provisionerSiteOperationsTopic(SiteOperationsProperties properties) {
        return ProvisionerConfiguration.internalTopic(
                        TopicBuilder.name(properties.topic()).compact())
                .build();
    }

    @Bean(destroyMethod = "close")
    OperationStore operationStore(CompactedTopics topics, SiteOperationsProperties properties) {
        return new OperationStore(topics, properties.topic());
    }

    @Bean
    SiteOperations siteOperations(
            HostAccess hosts,
            TenantRecords records,
            OperationStore store,
            TenantRemoval removal,
            EventPublisher publisher,
            ProvisionerProperties provisioner) {
        Map<String, ArchiveFolders> folders = provisioner.hosts().stream()
                .collect(Collectors.toMap(
                        ProvisionerProperties.Host::id,
                        h -> ArchiveFolders.of(h.benchFolder(), h.backupFolder(), h.archiveFolder())));
        return new SiteOperations(hosts, records.ledger(), records.clock(), store, removal, publisher, folders);
    }

    @Bean
    SiteOperationRequestedListener siteOperationRequestedListener(SiteOperations operations) {
        return new SiteOperationRequestedListener(operations, Topic.SITE_OPERATION_REQUESTED.topicName());
    }
}
