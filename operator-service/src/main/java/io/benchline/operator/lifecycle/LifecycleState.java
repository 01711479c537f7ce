package io.benchline.operator.lifecycle;

import io.benchline.operator.tenant.TenantSnapshot;
import java.util.List;
import java.util.Map;

/**
 * What the lifecycle keeps per tenant in its store: the snapshot it publishes, plus what only it needs to decide
 * (never published).
 *
 * @param siteSuspended the provisioner confirmed the site is in maintenance mode with its scheduler off
 * @param operations site operations requested and not answered yet, by operationId
 * @param retry the RETRY command waiting for the next attempt to start, else null
 * @param deprovisionCommandId the DEPROVISION command in progress, else null
 * @param recentEventIds the newest event ids applied, to recognise an event published twice
 */
record LifecycleState(
        TenantSnapshot snapshot,
        boolean siteSuspended,
        Map<String, PendingOperation> operations,
        PendingRetry retry,
        String deprovisionCommandId,
        List<String> recentEventIds) {

    /**
     * @param stateBefore the tenant state to return to if the operation fails (a deprovisioning's SUSPEND)
     */
    record PendingOperation(
            String operationId,
            String operation,
            String commandId,
            String operator,
            String suspensionReason,
            String stateBefore) {}

    /** @param fromAttempt the failed attempt the command retries */
    record PendingRetry(String commandId, int fromAttempt) {}
}
