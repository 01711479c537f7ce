package io.benchline.operator.tenant;

import java.time.Instant;
import java.util.Map;

/**
 * One thing that happened to a tenant, in the order the lifecycle saw it: an event from a public topic ({@code
 * type} is its simple class name, e.g. {@code ProvisioningProgressed}) or an operator command. {@code summary} is
 * one human line (e.g. {@code CREATE_SITE finished on host-a}); {@code detail} holds the fields an operator needs
 * (step, status, stage, reason, message, retryable, commandId, operator, operationId, …): never a secret, never a
 * sealed field.
 */
public record TimelineEntry(Instant at, String type, String summary, Map<String, String> detail) {

    public TimelineEntry {
        detail = detail == null ? Map.of() : Map.copyOf(detail);
    }
}
