package io.benchline.operator.api;

import io.benchline.events.OperatorAction;
import io.benchline.events.OperatorCommandIssued;
import io.benchline.events.Plan;
import io.benchline.events.SuspensionReason;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * One operator request as the API understood it. Its commandId (contracts §3) depends only on tenant, action and
 * Idempotency-Key; the rest is what must match when the same key comes again.
 */
record CommandRequest(
        UUID tenantId,
        OperatorAction action,
        String idempotencyKey,
        String operator,
        String reason,
        Plan plan,
        SuspensionReason suspensionReason,
        Long graceSeconds) {

    UUID commandId() {
        String name = "benchline:ops:" + tenantId + ":" + action.name() + ":" + idempotencyKey;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether {@code issued} is this very request (same operator, same parameters), issued before. */
    boolean sameAs(OperatorCommandIssued issued) {
        return issued.getTenantId().equals(tenantId)
                && issued.getAction() == action
                && issued.getIdempotencyKey().equals(idempotencyKey)
                && issued.getOperator().equals(operator)
                && Objects.equals(issued.getReason(), reason)
                && issued.getPlan() == plan
                && issued.getSuspensionReason() == suspensionReason
                && Objects.equals(issued.getGraceSeconds(), graceSeconds);
    }
}
