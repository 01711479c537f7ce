package io.benchline.operator.view;

import io.benchline.operator.tenant.OperatorTopics;
import io.benchline.operator.tenant.TenantSnapshot;
import io.benchline.operator.tenant.TenantSnapshotJson;
import io.benchline.platform.kafka.store.CompactedTopics;
import io.benchline.platform.kafka.store.FollowedTopicView;
import io.benchline.platform.kafka.store.ValueCodec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * This instance's copy of {@value OperatorTopics#TENANT_STATES} (the lifecycle store's changelog): the latest snapshot
 * per tenant, read from the beginning of every partition (no consumer group) and followed from then on.
 */
public class TenantView {

    private final FollowedTopicView<TenantSnapshot> snapshots;

    TenantView(CompactedTopics topics, Duration timeout) {
        this(topics, OperatorTopics.TENANT_STATES, timeout);
    }

    TenantView(CompactedTopics topics, String topic, Duration timeout) {
        this.snapshots = topics.followed(topic, "operator-view-tenants", new Codec(), timeout);
    }

    /** The snapshot as far as the view has read. */
    public Optional<TenantSnapshot> find(String tenantId) {
        return snapshots.find(tenantId);
    }

    /** The snapshot including everything committed before the call (blocks for one round trip to the broker). */
    public Optional<TenantSnapshot> findLatest(String tenantId) {
        snapshots.awaitCommitted();
        return snapshots.find(tenantId);
    }

    /**
     * The snapshots that pass {@code filter}, in list order, starting after {@code after} (null: from the top).
     *
     * @param limit at most this many items
     */
    public SnapshotPage list(Predicate<TenantSnapshot> filter, ListCursor after, int limit) {
        List<TenantSnapshot> matching = snapshots.values().stream()
                .filter(filter)
                .filter(s -> after == null || after.precedes(s))
                .sorted(ListCursor.ORDER)
                .limit(limit + 1L)
                .toList();
        if (matching.size() <= limit) {
            return new SnapshotPage(matching, null);
        }
        List<TenantSnapshot> page = matching.subList(0, limit);
        return new SnapshotPage(page, ListCursor.after(page.get(limit - 1)));
    }

    int size() {
        return snapshots.size();
    }

    FollowedTopicView<TenantSnapshot> follower() {
        return snapshots;
    }

    /** Read-only: the lifecycle's Kafka Streams store is the one writer of the topic. */
    private static final class Codec implements ValueCodec<TenantSnapshot> {

        @Override
        public byte[] encode(TenantSnapshot snapshot) {
            throw new UnsupportedOperationException("the view never writes " + OperatorTopics.TENANT_STATES);
        }

        @Override
        public TenantSnapshot decode(byte[] bytes) {
            return TenantSnapshotJson.readStored(bytes);
        }
    }
}
