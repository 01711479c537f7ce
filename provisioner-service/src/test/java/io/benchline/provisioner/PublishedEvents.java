package io.benchline.provisioner;

import io.benchline.events.ProvisioningFailed;
import io.benchline.events.ProvisioningProgressed;
import io.benchline.events.SiteProvisioned;
import io.benchline.schemas.AvroEventDeserializer;
import io.benchline.schemas.EventMetadata;
import io.benchline.schemas.Topic;
import io.benchline.testing.KafkaTestBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Everything the provisioner published (progress, provisioned, failed), read from the broker as consumers see it. */
final class PublishedEvents implements AutoCloseable {

    private final KafkaConsumer<String, SpecificRecord> consumer;
    private final List<SpecificRecord> seen = new CopyOnWriteArrayList<>();

    PublishedEvents() {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KafkaTestBroker.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "events-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new AvroEventDeserializer());
        consumer.subscribe(List.of(
                Topic.PROVISIONING_PROGRESS.topicName(),
                Topic.SITE_PROVISIONED.topicName(),
                Topic.PROVISIONING_FAILED.topicName()));
    }

    /** Polls once and returns every event of this tenant seen so far. Call from an Awaitility condition. */
    synchronized List<SpecificRecord> of(UUID tenantId) {
        consumer.poll(Duration.ofMillis(100)).forEach(r -> seen.add(r.value()));
        return seen.stream()
                .filter(e -> EventMetadata.of(e).tenantId().equals(tenantId))
                .toList();
    }

    /** Polls once and returns the tenants that have a SiteProvisioned so far. */
    synchronized java.util.Set<UUID> provisionedTenants() {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
        return seen.stream()
                .filter(SiteProvisioned.class::isInstance)
                .map(e -> EventMetadata.of(e).tenantId())
                .collect(java.util.stream.Collectors.toSet());
    }

    List<SiteProvisioned> provisioned(UUID tenantId) {
        return of(tenantId).stream()
                .filter(SiteProvisioned.class::isInstance)
                .map(SiteProvisioned.class::cast)
                .toList();
    }

    List<ProvisioningFailed> failed(UUID tenantId) {
        return of(tenantId).stream()
                .filter(ProvisioningFailed.class::isInstance)
                .map(ProvisioningFailed.class::cast)
                .toList();
    }

    List<ProvisioningProgressed> progress(UUID tenantId) {
        return of(tenantId).stream()
                .filter(ProvisioningProgressed.class::isInstance)
                .map(ProvisioningProgressed.class::cast)
                .toList();
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}
