package io.benchline.operator.api;

import io.benchline.events.OperatorAction;
import io.benchline.operator.tenant.SignupState;
import io.benchline.operator.tenant.TenantSnapshot;
import io.benchline.operator.tenant.TenantState;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a command applies to a tenant in the state the view shows (contracts §3). The API refuses early with 409;
 * the lifecycle checks again against its own state, which is the authority.
 */
final class CommandRules {

    private static final Set<TenantState> SUSPENDABLE = Set.of(TenantState.ACTIVE, TenantState.AWAITING_VERIFICATION);
    private static final Set<TenantState> LIVE =
            Set.of(TenantState.ACTIVE, TenantState.AWAITING_VERIFICATION, TenantState.SUSPENDED);

    private CommandRules() {}

    /**
     * @param plan the requested plan (CHANGE_PLAN), lower case
     * @return why the command does not apply, or empty when it does
     */
    static Optional<String> refusal(OperatorAction action, TenantSnapshot tenant, String plan, Instant now) {
        TenantState state = tenant.tenantState() == null ? TenantState.NONE : tenant.tenantState();
        return switch (action) {
            case RETRY ->
                tenant.signupState() == SignupState.FAILED
                        ? Optional.empty()
                        : Optional.of("only a failed signup can be retried; this one is "
                                + (tenant.signupState() == null
                                        ? "unknown"
                                        : tenant.signupState().wireName()));
            case SUSPEND -> requireState(state, SUSPENDABLE, "suspended");
            case RESUME -> {
                boolean inGrace = state == TenantState.DEPROVISIONING
                        && tenant.deletionDueAt() != null
                        && now.isBefore(tenant.deletionDueAt());
                yield state == TenantState.SUSPENDED || inGrace
                        ? Optional.empty()
                        : Optional.of("only a suspended tenant, or one whose deprovisioning grace has not ended, can be"
                                + " resumed; this one is " + state.wireName());
            }
            case CHANGE_PLAN -> {
                Optional<String> wrongState = requireState(state, LIVE, "moved to another plan");
                if (wrongState.isPresent()) {
                    yield wrongState;
                }
                yield tenant.plan() != null
                                && tenant.plan().toLowerCase(Locale.ROOT).equals(plan)
                        ? Optional.of("the tenant is on plan " + plan + " already")
                        : Optional.empty();
            }
            case DEPROVISION -> requireState(state, LIVE, "deprovisioned");
            case UNKNOWN -> Optional.of("unknown action");
        };
    }

    private static Optional<String> requireState(TenantState state, Set<TenantState> allowed, String verb) {
        if (allowed.contains(state)) {
            return Optional.empty();
        }
        if (state == TenantState.NONE) {
            return Optional.of("the signup has not become a tenant yet, so it cannot be " + verb);
        }
        return Optional.of("a " + state.wireName() + " tenant cannot be " + verb);
    }
}
