package io.benchline.user.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.events.FailureReason;
import io.benchline.events.FailureStage;
import io.benchline.events.KeysActive;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.SignupCompleted;
import io.benchline.events.Site;
import io.benchline.schemas.SampleEvents;
import io.benchline.schemas.TrustedAvroPackages;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TerminalEventsTests {

    @BeforeAll
    static void trustEventClasses() {
        // Builders that copy an event resolve its nested classes through Avro's class allow-list.
        TrustedAvroPackages.register();
    }

    private final UUID tenantId = UUID.randomUUID();
    private final KeysActive keysActive =
            SampleEvents.keysActive(tenantId); // requested NOW, provisioned +120 s, keys +121 s

    @Test
    void measuresEveryStageFromTheCarriedForwardTimestamps() {
        SignupCompleted completed = TerminalEvents.completed(keysActive, SampleEvents.NOW.plusSeconds(124));

        assertThat(completed.getDurations().getProvisionMillis()).isEqualTo(120_000);
        assertThat(completed.getDurations().getVerifyMillis()).isEqualTo(1_000);
        assertThat(completed.getDurations().getUserMillis()).isEqualTo(3_000);
        assertThat(completed.getDurations().getTotalMillis()).isEqualTo(124_000);
        assertThat(completed.getDashboardUrl()).isEqualTo("http://acme.localhost:8000/app");
        assertThat(completed.getAdminEmail()).isEqualTo("jane@acme.example");
    }

    @Test
    void clockSkewNeverYieldsANegativeDuration() {
        KeysActive skewed = KeysActive.newBuilder(keysActive)
                .setSite(Site.newBuilder(keysActive.getSite())
                        .setProvisionedAt(SampleEvents.NOW.plusSeconds(200))
                        .build())
                .build();

        SignupCompleted completed = TerminalEvents.completed(skewed, SampleEvents.NOW.plusSeconds(130));

        assertThat(completed.getDurations().getVerifyMillis()).isZero();
    }

    @Test
    void failureIsAtStageUserWithOneEventIdPerTenant() {
        ProvisioningFailed failed = TerminalEvents.failed(
                keysActive, FailureReason.KEYS_REJECTED, "rejected", true, SampleEvents.NOW.plusSeconds(130));

        assertThat(failed.getStage()).isEqualTo(FailureStage.USER);
        assertThat(failed.getSubdomain()).isEqualTo("acme");
        // One id per tenant whichever terminal event is written, on every retry; another tenant gets another.
        assertThat(failed.getEventId())
                .isEqualTo(TerminalEvents.failed(
                                keysActive,
                                FailureReason.USER_REJECTED,
                                "other",
                                false,
                                SampleEvents.NOW.plusSeconds(140))
                        .getEventId())
                .isEqualTo(TerminalEvents.completed(keysActive, SampleEvents.NOW.plusSeconds(150))
                        .getEventId());
        KeysActive otherTenant =
                KeysActive.newBuilder(keysActive).setTenantId(UUID.randomUUID()).build();
        assertThat(TerminalEvents.failed(
                                otherTenant,
                                FailureReason.KEYS_REJECTED,
                                "rejected",
                                true,
                                SampleEvents.NOW.plusSeconds(130))
                        .getEventId())
                .isNotEqualTo(failed.getEventId());
    }
}
