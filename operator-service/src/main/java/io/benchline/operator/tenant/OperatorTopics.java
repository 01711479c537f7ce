package io.benchline.operator.tenant;

/** operator-service's internal topics: everything under {@code operator.} belongs to it alone. */
public final class OperatorTopics {

    /** The latest {@link TenantSnapshot} per tenantId (compacted, 12 partitions, JSON). */
    public static final String TENANTS = "operator.tenants";

    /** Kafka Streams application id of the lifecycle: its changelogs are {@code operator.lifecycle-<store>-changelog}. */
    public static final String LIFECYCLE_APPLICATION_ID = "operator.lifecycle";

    private OperatorTopics() {}
}
