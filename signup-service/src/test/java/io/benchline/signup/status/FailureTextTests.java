package io.benchline.signup.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.events.FailureReason;
import io.benchline.events.FailureStage;
import io.benchline.events.ProvisioningFailed;
import io.benchline.schemas.SampleEvents;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every stage and reason gives the customer a sentence, what to do and the reference, and never the event's text. */
class FailureTextTests {

    @Test
    void everyReasonAtEveryStageIsTranslatedWithoutTheInternalMessage() {
        UUID tenantId = UUID.randomUUID();
        SignupStatus accepted = StatusTransitions.accepted(SampleEvents.tenantRequested(tenantId));
        for (FailureStage stage : FailureStage.values()) {
            for (FailureReason reason : FailureReason.values()) {
                for (boolean retryable : new boolean[] {true, false}) {
                    ProvisioningFailed failed = ProvisioningFailed.newBuilder(SampleEvents.provisioningFailed(tenantId))
                            .setStage(stage)
                            .setReason(reason)
                            .setRetryable(retryable)
                            .setMessage("bench new-site failed on bench-1.hosts.internal: Traceback")
                            .build();
                    SignupStatus.Step step = StatusTransitions.apply(accepted, failed)
                            .orElseThrow()
                            .steps()
                            .get(1);

                    assertThat(step.message())
                            .as(stage + "/" + reason)
                            .doesNotContain("bench-1", "new-site", "Traceback")
                            .contains("Support reference: " + tenantId)
                            .contains(
                                    retryable || reason == FailureReason.SUBDOMAIN_TAKEN
                                            ? "sign up again"
                                            : "contact support");
                    assertThat(step.failedStage()).isEqualTo(stage.name().toLowerCase(Locale.ROOT));
                    assertThat(step.reason()).isEqualTo(reason.name().toLowerCase(Locale.ROOT));
                }
            }
        }
    }

    @Test
    void aStoredStatusWithAnInternalMessageIsShownWithTheCustomersTextOnly() {
        UUID tenantId = UUID.randomUUID();
        SignupStatus.Step stored = new SignupStatus.Step(
                2,
                SignupStatus.Step.FAILED,
                "failed",
                20,
                "bench new-site failed on bench-1 (exit 1)",
                java.time.Instant.now(),
                null,
                "provision",
                "host_unreachable",
                true,
                null);
        StatusResponse.StepView view = StatusResponse.StepView.of(stored, tenantId);
        assertThat(view.message()).doesNotContain("bench-1").contains(tenantId.toString());
        assertThat(view.supportReference()).isEqualTo(tenantId.toString());
    }
}
