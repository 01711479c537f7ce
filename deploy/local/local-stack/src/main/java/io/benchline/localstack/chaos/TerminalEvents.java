package io.benchline.localstack.chaos;

import io.benchline.localstack.chaos.TenantHistory.Tenant;
import io.benchline.localstack.chaos.TenantHistory.Terminal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code one-terminal-event}: every tenant (each accepted signup and each key of {@code tenant.requested}) has
 * exactly one committed terminal event ({@code SignupCompleted} or {@code ProvisioningFailed}, counted by distinct
 * {@code eventId}: a record written twice with one eventId is one event to its idempotent consumers) for its latest
 * attempt, and no attempt has two. An accepted signup with no record keyed by (or with {@code ce_subject}) its
 * tenantId on any topic is lost.
 */
final class TerminalEvents {

    private TerminalEvents() {}

    static InvariantResult check(Map<String, Tenant> tenants, Set<String> recordKeys) {
        List<String> violations = new ArrayList<>();
        for (Tenant t : tenants.values()) {
            Map<Integer, List<Terminal>> byAttempt = t.terminalsByAttempt();
            byAttempt.forEach((attempt, terminals) -> {
                if (terminals.size() > 1) {
                    violations.add("tenant " + t.id + " attempt " + attempt + ": " + terminals.size()
                            + " terminal events "
                            + terminals.stream()
                                    .map(x -> x.kind() + " " + x.eventId() + " (" + x.where() + ")")
                                    .toList());
                }
            });
            int latest = t.latestAttempt();
            if (!byAttempt.containsKey(latest)) {
                if (t.requests.isEmpty() && !recordKeys.contains(t.id)) {
                    violations.add("tenant " + t.id + ": lost (accepted, but no record of it on any topic)");
                } else if (t.requests.isEmpty()) {
                    violations.add("tenant " + t.id + ": accepted, never on tenant.requested, no terminal event");
                } else {
                    violations.add("tenant " + t.id + " attempt " + latest + ": no terminal event");
                }
            }
        }
        return new InvariantResult("one-terminal-event", tenants.size(), violations);
    }
}
