package io.benchline.operator.lifecycle;

import static org.awaitility.Awaitility.await;

import io.benchline.events.SiteOperationRequested;
import io.benchline.operator.tenant.OperatorTopics;
import io.benchline.operator.tenant.TenantSnapshot;
import io.benchline.operator.tenant.TenantSnapshotJson;
import io.benchline.schemas.Topic;
import io.benchline.testing.KafkaTestBroker;
import io.benchline.testing.TopicDump;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;

/** What the lifecycle wrote for one tenant, read from the broker as its readers read it. */
final class Tenants {

    static final Duration WAIT = Duration.ofSeconds(30);

    private Tenants() {}

    /** Every snapshot of {@code tenantId} on the lifecycle store's changelog (the view's topic), oldest first. */
    static List<TenantSnapshot> snapshots(UUID tenantId) {
        return TopicDump.of(KafkaTestBroker.bootstrapServers(), OperatorTopics.TENANT_STATES).stream()
                .filter(r -> tenantId.toString().equals(r.keyText()))
                .map(r -> TenantSnapshotJson.readStored(r.value()))
                .toList();
    }

    /** Waits until the newest snapshot matches, and returns it. */
    static TenantSnapshot awaitSnapshot(UUID tenantId, Predicate<TenantSnapshot> condition) {
        return await().atMost(WAIT)
                .until(
                        () -> {
                            List<TenantSnapshot> all = snapshots(tenantId);
                            return all.isEmpty() ? null : all.get(all.size() - 1);
                        },
                        snapshot -> snapshot != null && condition.test(snapshot));
    }

    static List<SpecificRecord> lifecycleEvents(UUID tenantId) {
        return TopicDump.events(tenantId, Topic.TENANT_LIFECYCLE);
    }

    static List<SiteOperationRequested> requests(UUID tenantId) {
        return TopicDump.events(SiteOperationRequested.class, tenantId);
    }

    /** Waits for the {@code n}th (1-based) site operation request of {@code tenantId}. */
    static SiteOperationRequested awaitRequest(UUID tenantId, int n) {
        return await().atMost(WAIT)
                .until(() -> requests(tenantId), all -> all.size() >= n)
                .get(n - 1);
    }

    /** Waits until {@code tenantId} has {@code n} events on tenant.lifecycle and returns them. */
    static List<SpecificRecord> awaitLifecycleEvents(UUID tenantId, int n) {
        return await().atMost(WAIT).until(() -> lifecycleEvents(tenantId), all -> all.size() >= n);
    }
}
