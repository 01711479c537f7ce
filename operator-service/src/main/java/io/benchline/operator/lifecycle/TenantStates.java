package io.benchline.operator.lifecycle;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The lifecycle's tenant store, with the states this task last read or wrote kept as objects in front of it. Each of
 * a signup's ~16 events reads its tenant's state and writes it back, and the store holds bytes (its cache, its
 * changelog): every read parsed the tenant's whole JSON state again, about a third of this service's CPU with 50
 * signups in flight (BENCHMARKS.md, issue 20, session 10). Only the lifecycle's processor writes the store, and
 * only through this class, so a kept state is the store's value. The processor makes a new one whenever its task
 * is initialised: a task that failed a transaction has its store wiped and restored, and is initialised again,
 * before it processes anything more.
 */
final class TenantStates {

    /**
     * Per task (a partition of the inputs): a signup's events arrive within seconds of each other, and 128 per task
     * of 12 are the last ~40 s of signups at 37/s, a few kB each.
     */
    static final int KEPT = 128;

    private final KeyValueStore<String, LifecycleState> store;
    private final Map<String, LifecycleState> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LifecycleState> eldest) {
            return size() > KEPT;
        }
    };

    TenantStates(KeyValueStore<String, LifecycleState> store) {
        this.store = store;
    }

    LifecycleState get(String tenantId) {
        LifecycleState kept = recent.get(tenantId);
        if (kept != null) {
            return kept;
        }
        LifecycleState stored = store.get(tenantId);
        if (stored != null) {
            recent.put(tenantId, stored);
        }
        return stored;
    }

    void put(String tenantId, LifecycleState state) {
        store.put(tenantId, state);
        recent.put(tenantId, state);
    }
}
