/**
 * What operator-service knows about one tenant, as the lifecycle owner writes it to the compacted internal topic
 * {@value io.benchline.operator.tenant.OperatorTopics#TENANTS} (JSON, keyed by tenantId) and every instance's view
 * reads it: the contract between {@code lifecycle} (the one writer) and {@code view}/{@code api} (readers).
 */
package io.benchline.operator.tenant;
