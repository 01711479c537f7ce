package io.benchline.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle keeps the states it last read or wrote as objects in front of its store (a real in-memory store with
 * the lifecycle's own JSON serde): a tenant's next event reads the kept state instead of parsing the store's bytes,
 * the kept state is what the store holds, and only the last {@link TenantStates#KEPT} tenants are kept.
 */
class TenantStatesTests {

    private KeyValueStore<String, LifecycleState> store;

    @BeforeEach
    void openStore() {
        store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore("tenant-states-test"), Serdes.String(), new StateSerde())
                .withLoggingDisabled()
                .build();
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void aTenantsNextEventReadsTheStateLastWrittenWithoutParsingTheStoreAgain() {
        TenantStates states = new TenantStates(store);
        LifecycleState written = state("tenant-1", "acme");
        states.put("tenant-1", written);

        assertThat(states.get("tenant-1")).isSameAs(written);
        // What the store holds (parsed from its bytes) is the same state.
        assertThat(store.get("tenant-1")).isNotSameAs(written).isEqualTo(written);
    }

    @Test
    void aStateOnlyInTheStoreIsParsedOnceThenKept() {
        store.put("tenant-2", state("tenant-2", "globex"));
        TenantStates states = new TenantStates(store);

        LifecycleState first = states.get("tenant-2");

        assertThat(first).isEqualTo(state("tenant-2", "globex"));
        assertThat(states.get("tenant-2")).isSameAs(first);
        assertThat(states.get("unknown")).isNull();
    }

    @Test
    void onlyTheLastTenantsAreKeptTheOthersAreReadFromTheStore() {
        TenantStates states = new TenantStates(store);
        LifecycleState oldest = state("tenant-0", "initech");
        states.put("tenant-0", oldest);
        for (int i = 1; i <= TenantStates.KEPT; i++) {
            states.put("tenant-" + i, state("tenant-" + i, "org-" + i));
        }

        assertThat(states.get("tenant-0")).isNotSameAs(oldest).isEqualTo(oldest);
        assertThat(states.get("tenant-" + TenantStates.KEPT)).isSameAs(states.get("tenant-" + TenantStates.KEPT));
    }

    private static LifecycleState state(String tenantId, String subdomain) {
        Tenant tenant = new Tenant(tenantId);
        tenant.subdomain = subdomain;
        tenant.acceptedAt = Instant.parse("2026-11-29T02:00:00.123Z");
        return tenant.state();
    }
}
