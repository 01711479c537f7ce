package io.benchline.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.events.OperatorAction;
import io.benchline.operator.tenant.SignupState;
import io.benchline.operator.tenant.TenantSnapshot;
import io.benchline.operator.tenant.TenantState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CommandRulesTests {

    private static final Instant NOW = Instant.parse("2026-11-28T09:00:00Z");

    @Test
    void retryOnlyAfterAFailure() {
        assertThat(applies(OperatorAction.RETRY, tenant(SignupState.FAILED, TenantState.NONE, null)))
                .isTrue();
        for (SignupState state : SignupState.values()) {
            if (state != SignupState.FAILED) {
                assertThat(applies(OperatorAction.RETRY, tenant(state, TenantState.NONE, null)))
                        .as(state.name())
                        .isFalse();
            }
        }
    }

    @Test
    void suspendOnlyALiveUnsuspendedTenant() {
        assertThat(applies(OperatorAction.SUSPEND, completed(TenantState.ACTIVE)))
                .isTrue();
        assertThat(applies(OperatorAction.SUSPEND, completed(TenantState.AWAITING_VERIFICATION)))
                .isTrue();
        assertThat(applies(OperatorAction.SUSPEND, completed(TenantState.SUSPENDED)))
                .isFalse();
        assertThat(applies(OperatorAction.SUSPEND, completed(TenantState.DELETED)))
                .isFalse();
        assertThat(applies(OperatorAction.SUSPEND, tenant(SignupState.PROVISIONING, TenantState.NONE, null)))
                .isFalse();
    }

    @Test
    void resumeASuspendedTenantOrADeprovisioningStillInItsGrace() {
        assertThat(applies(OperatorAction.RESUME, completed(TenantState.SUSPENDED)))
                .isTrue();
        assertThat(applies(
                        OperatorAction.RESUME,
                        tenant(SignupState.COMPLETED, TenantState.DEPROVISIONING, NOW.plusSeconds(60))))
                .isTrue();
        assertThat(applies(
                        OperatorAction.RESUME,
                        tenant(SignupState.COMPLETED, TenantState.DEPROVISIONING, NOW.minusSeconds(1))))
                .isFalse();
        assertThat(applies(OperatorAction.RESUME, completed(TenantState.ACTIVE)))
                .isFalse();
    }

    @Test
    void planChangeToAnotherPlanOfALiveTenant() {
        TenantSnapshot onFree = completed(TenantState.SUSPENDED);
        assertThat(CommandRules.refusal(OperatorAction.CHANGE_PLAN, onFree, "pro", NOW))
                .isEmpty();
        assertThat(CommandRules.refusal(OperatorAction.CHANGE_PLAN, onFree, "free", NOW))
                .hasValueSatisfying(why -> assertThat(why).contains("free already"));
        assertThat(CommandRules.refusal(OperatorAction.CHANGE_PLAN, completed(TenantState.DEPROVISIONING), "pro", NOW))
                .isPresent();
    }

    @Test
    void deprovisionALiveTenantOnce() {
        assertThat(applies(OperatorAction.DEPROVISION, completed(TenantState.SUSPENDED)))
                .isTrue();
        assertThat(applies(OperatorAction.DEPROVISION, completed(TenantState.DEPROVISIONING)))
                .isFalse();
        assertThat(applies(OperatorAction.DEPROVISION, completed(TenantState.DELETED)))
                .isFalse();
    }

    private static boolean applies(OperatorAction action, TenantSnapshot tenant) {
        return CommandRules.refusal(action, tenant, null, NOW).isEmpty();
    }

    private static TenantSnapshot completed(TenantState state) {
        return tenant(SignupState.COMPLETED, state, null);
    }

    private static TenantSnapshot tenant(SignupState signup, TenantState state, Instant deletionDueAt) {
        return new TenantSnapshot(
                "t",
                "acme",
                "Acme",
                "jane@acme.example",
                "FREE",
                "host-a",
                null,
                false,
                false,
                null,
                1,
                signup,
                state,
                null,
                NOW,
                NOW,
                null,
                null,
                null,
                null,
                deletionDueAt,
                null,
                null,
                null,
                null);
    }
}
