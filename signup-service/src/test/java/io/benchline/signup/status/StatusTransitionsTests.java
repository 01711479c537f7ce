package io.benchline.signup.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.events.ProvisioningProgressed;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.StepPhase;
import io.benchline.schemas.SampleEvents;
import io.benchline.signup.status.SignupStatus.Phase;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StatusTransitionsTests {

    private final UUID tenant = UUID.randomUUID();

    @Test
    void progressMovesAnAcceptedSignupIntoProvisioning() {
        SignupStatus accepted = StatusTransitions.accepted(SampleEvents.tenantRequested(tenant));

        SignupStatus provisioning = StatusTransitions.apply(accepted, SampleEvents.provisioningProgressed(tenant))
                .orElseThrow();

        assertThat(provisioning.phase()).isEqualTo(Phase.PROVISIONING);
        assertThat(provisioning.percent()).isGreaterThan(accepted.percent());
    }

    /**
     * Progress and SiteProvisioned travel on two topics, which Kafka does not order against each other: a progress
     * event that arrives after the site was provisioned must not take the status (and the bar) back.
     */
    @Test
    void progressArrivingAfterTheSiteWasProvisionedChangesNothing() {
        SignupStatus accepted = StatusTransitions.accepted(SampleEvents.tenantRequested(tenant));
        SignupStatus provisioning = StatusTransitions.apply(accepted, SampleEvents.provisioningProgressed(tenant))
                .orElseThrow();
        SignupStatus verifying = StatusTransitions.apply(provisioning, SampleEvents.siteProvisioned(tenant))
                .orElseThrow();
        assertThat(verifying.phase()).isEqualTo(Phase.VERIFYING);

        ProvisioningProgressed late = ProvisioningProgressed.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenant)
                .setOccurredAt(SampleEvents.NOW.plusSeconds(119))
                .setStep(ProvisioningStep.WARM_UP)
                .setPhase(StepPhase.FINISHED)
                .setBenchHost("bench-1")
                .setMessage("Warm-up done")
                .build();

        assertThat(StatusTransitions.apply(verifying, late)).isEmpty();
    }
}
