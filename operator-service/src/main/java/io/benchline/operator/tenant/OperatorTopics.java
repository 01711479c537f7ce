package io.benchline.operator.tenant;

/** operator-service's internal topics: everything under {@code operator.} belongs to it alone. */
public final class OperatorTopics {

    /** Kafka Streams application id of the lifecycle: its changelogs are {@code operator.lifecycle-<store>-changelog}. */
    public static final String LIFECYCLE_APPLICATION_ID = "operator.lifecycle";

    /** The lifecycle's per-tenant store ({@code lifecycle-tenants}). */
    public static final String TENANT_STORE = "lifecycle-tenants";

    /**
     * The changelog of {@link #TENANT_STORE}, which every instance's view reads: the latest state per tenantId
     * (compacted, 12 partitions, JSON), its {@link TenantSnapshot} under {@code snapshot} (see
     * {@link TenantSnapshotJson#readStored}). Streams writes it once per tenant per commit (the store is cached).
     */
    public static final String TENANT_STATES = LIFECYCLE_APPLICATION_ID + "-" + TENANT_STORE + "-changelog";

    private OperatorTopics() {}
}
