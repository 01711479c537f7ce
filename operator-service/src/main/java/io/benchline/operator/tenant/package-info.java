/**
 * What operator-service knows about one tenant, as the lifecycle owner keeps it in its store (changelog
 * {@value io.benchline.operator.tenant.OperatorTopics#TENANT_STATES}, JSON, keyed by tenantId, the snapshot under
 * {@code snapshot}) and every instance's view reads it: the contract between {@code lifecycle} (the one writer) and
 * {@code view}/{@code api} (readers).
 */
package io.benchline.operator.tenant;
