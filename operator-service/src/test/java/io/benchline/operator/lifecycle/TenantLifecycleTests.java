package io.benchline.operator.lifecycle;

import static io.benchline.operator.lifecycle.LifecycleEvents.changePlan;
import static io.benchline.operator.lifecycle.LifecycleEvents.command;
import static io.benchline.operator.lifecycle.LifecycleEvents.completed;
import static io.benchline.operator.lifecycle.LifecycleEvents.deprovision;
import static io.benchline.operator.lifecycle.LifecycleEvents.failed;
import static io.benchline.operator.lifecycle.LifecycleEvents.operationCompleted;
import static io.benchline.operator.lifecycle.LifecycleEvents.requested;
import static io.benchline.operator.lifecycle.LifecycleEvents.suspend;
import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.events.EmailVerificationStatus;
import io.benchline.events.FailureStage;
import io.benchline.events.OperatorAction;
import io.benchline.events.OperatorCommandIssued;
import io.benchline.events.Plan;
import io.benchline.events.ProvisioningProgressed;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.SiteOperation;
import io.benchline.events.SiteOperationRequested;
import io.benchline.events.StepPhase;
import io.benchline.events.SuspensionReason;
import io.benchline.events.TenantActivated;
import io.benchline.operator.tenant.CommandEntry;
import io.benchline.operator.tenant.SignupState;
import io.benchline.operator.tenant.TenantSnapshot;
import io.benchline.operator.tenant.TenantSnapshotJson;
import io.benchline.operator.tenant.TenantState;
import io.benchline.schemas.SampleEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The lifecycle's rules on their own, without Kafka: the cases the broker tests do not walk through. */
class TenantLifecycleTests {

    private final LifecycleProperties properties =
            new LifecycleProperties(Duration.ofDays(14), Duration.ofHours(48), Duration.ofSeconds(1));
    private final TenantLifecycle lifecycle = new TenantLifecycle(properties);
    private final UUID tenantId = UUID.randomUUID();
    private final Tenant tenant = new Tenant(tenantId.toString());
    private Instant now = Instant.now();

    @Test
    void resumingDuringTheGraceCancelsTheDeprovisioning() {
        active();
        OperatorCommandIssued deprovision = deprovision(tenantId, "d", 3600);
        SiteOperationRequested suspend = only(apply(deprovision), SiteOperationRequested.class);
        apply(operationCompleted(tenantId, suspend.getOperationId(), SiteOperation.SUSPEND, true));
        assertThat(tenant.tenantState).isEqualTo(TenantState.DEPROVISIONING);
        assertThat(lifecycle.deletionDue(tenant, now).changed()).isFalse(); // the grace has not ended

        SiteOperationRequested resume =
                only(apply(command(tenantId, OperatorAction.RESUME, "r").build()), SiteOperationRequested.class);
        apply(operationCompleted(tenantId, resume.getOperationId(), SiteOperation.RESUME, true));

        assertThat(tenant.tenantState).isEqualTo(TenantState.ACTIVE);
        assertThat(tenant.deletionDueAt).isNull();
        assertThat(status(deprovision)).isEqualTo(CommandEntry.Status.FAILED);
        assertThat(TenantLifecycle.awaitsDeletion(tenant)).isFalse();
    }

    @Test
    void anEmailVerifiedDuringTheGraceActivatesTheTenantOnlyWhenItIsResumed() {
        apply(requested(tenantId, 1, true));
        apply(completed(tenantId, 1));
        assertThat(tenant.tenantState).isEqualTo(TenantState.AWAITING_VERIFICATION);
        SiteOperationRequested suspend = only(apply(deprovision(tenantId, "d", 3600)), SiteOperationRequested.class);
        apply(operationCompleted(tenantId, suspend.getOperationId(), SiteOperation.SUSPEND, true));
        assertThat(apply(LifecycleEvents.verification(tenantId, EmailVerificationStatus.VERIFIED)))
                .isEmpty();

        SiteOperationRequested resume =
                only(apply(command(tenantId, OperatorAction.RESUME, "r").build()), SiteOperationRequested.class);
        List<SpecificRecord> emitted =
                apply(operationCompleted(tenantId, resume.getOperationId(), SiteOperation.RESUME, true));
        assertThat(emitted).hasSize(2).last().isInstanceOf(TenantActivated.class);
        assertThat(tenant.tenantState).isEqualTo(TenantState.ACTIVE);
    }

    @Test
    void resumeIsRefusedOnceTheGraceHasEnded() {
        active();
        OperatorCommandIssued deprovision = deprovision(tenantId, "d", 0);
        SiteOperationRequested suspend = only(apply(deprovision), SiteOperationRequested.class);
        apply(operationCompleted(tenantId, suspend.getOperationId(), SiteOperation.SUSPEND, true));
        OperatorCommandIssued resume = command(tenantId, OperatorAction.RESUME, "late")
                .setOccurredAt(now.plusSeconds(1))
                .build();
        assertThat(apply(resume)).noneMatch(SiteOperationRequested.class::isInstance);
        assertThat(status(resume)).isEqualTo(CommandEntry.Status.REFUSED);
    }

    @Test
    void deprovisioningASuspendedTenantGoesStraightToTheArchiveAndAFailedArchiveLeavesItSuspended() {
        active();
        SiteOperationRequested suspend =
                only(apply(suspend(tenantId, "s", SuspensionReason.ABUSE)), SiteOperationRequested.class);
        apply(operationCompleted(tenantId, suspend.getOperationId(), SiteOperation.SUSPEND, true));
        assertThat(tenant.tenantState).isEqualTo(TenantState.SUSPENDED);

        OperatorCommandIssued deprovision = deprovision(tenantId, "d", 0);
        assertThat(apply(deprovision)).isEmpty(); // already suspended: no SUSPEND, no TenantSuspended
        assertThat(TenantLifecycle.awaitsDeletion(tenant)).isTrue();
        now = now.plusSeconds(1);
        TenantLifecycle.Outcome due = lifecycle.deletionDue(tenant, now);
        SiteOperationRequested archive = only(due.emitted(), SiteOperationRequested.class);
        assertThat(archive.getOperation()).isEqualTo(SiteOperation.ARCHIVE);
        assertThat(TenantLifecycle.awaitsDeletion(tenant)).isFalse();
        assertThat(lifecycle.deletionDue(tenant, now).changed()).isFalse(); // requested once

        apply(operationCompleted(tenantId, archive.getOperationId(), SiteOperation.ARCHIVE, false));
        assertThat(tenant.tenantState).isEqualTo(TenantState.SUSPENDED);
        assertThat(tenant.suspensionReason).isEqualTo("abuse");
        assertThat(status(deprovision)).isEqualTo(CommandEntry.Status.FAILED);
    }

    @Test
    void aSecondRetryWhileOneIsInProgressAndAPlanChangeToTheSamePlanAreRefused() {
        apply(requested(tenantId, 1, false));
        apply(failed(tenantId, 1, FailureStage.PROVISION));
        OperatorCommandIssued first =
                command(tenantId, OperatorAction.RETRY, "1").build();
        OperatorCommandIssued second =
                command(tenantId, OperatorAction.RETRY, "2").build();
        apply(first);
        apply(second);
        assertThat(status(first)).isEqualTo(CommandEntry.Status.ACCEPTED);
        assertThat(status(second)).isEqualTo(CommandEntry.Status.REFUSED);

        apply(requested(tenantId, 2, false));
        apply(completed(tenantId, 2));
        OperatorCommandIssued samePlan = changePlan(tenantId, "p", Plan.PRO);
        assertThat(apply(samePlan)).isEmpty();
        assertThat(status(samePlan)).isEqualTo(CommandEntry.Status.REFUSED);
    }

    @Test
    void progressSetsTheHostAndNeverMovesAFinishedSignupBack() {
        apply(requested(tenantId, 1, false));
        ProvisioningProgressed chosen = SampleEvents.provisioningProgressed(tenantId);
        chosen.setStep(ProvisioningStep.CHOOSE_HOST);
        chosen.setPhase(StepPhase.FINISHED);
        chosen.setBenchHost("bench-7");
        apply(chosen);
        assertThat(tenant.host).isEqualTo("bench-7");
        assertThat(tenant.signupState).isEqualTo(SignupState.PROVISIONING);
        apply(SampleEvents.keysActive(tenantId));
        apply(completed(tenantId, 1));
        apply(SampleEvents.provisioningProgressed(tenantId));
        assertThat(tenant.signupState).isEqualTo(SignupState.COMPLETED);
    }

    @Test
    void noTrialPeriodMeansNoTrialEnd() {
        TenantLifecycle noTrial = new TenantLifecycle(
                new LifecycleProperties(Duration.ZERO, Duration.ofHours(48), Duration.ofSeconds(1)));
        noTrial.apply(tenant, requested(tenantId, 1, false), now);
        TenantActivated activated =
                only(noTrial.apply(tenant, completed(tenantId, 1), now).emitted(), TenantActivated.class);
        assertThat(activated.getTrialEndsAt()).isNull();
        assertThat(tenant.trialEndsAt).isNull();
    }

    @Test
    void theTimelineKeepsTheNewest500EntriesAndTheStateSurvivesItsJson() {
        apply(requested(tenantId, 1, false));
        for (int i = 0; i < 520; i++) {
            ProvisioningProgressed progress = SampleEvents.provisioningProgressed(tenantId);
            progress.setMessage("step " + i);
            apply(progress);
        }
        TenantSnapshot snapshot = tenant.snapshot();
        assertThat(snapshot.timeline()).hasSize(500);
        assertThat(snapshot.timeline().get(499).detail()).containsEntry("message", "step 519");

        StateSerde serde = new StateSerde();
        LifecycleState read =
                serde.deserializer().deserialize("t", serde.serializer().serialize("t", tenant.state()));
        assertThat(read).isEqualTo(tenant.state());
        byte[] json = TenantSnapshotJson.write(snapshot);
        assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"signupState\":\"provisioning\"", "\"tenantState\":\"none\"");
        assertThat(TenantSnapshotJson.read(json)).isEqualTo(snapshot);
    }

    @Test
    void theViewReadsTheSnapshotOutOfTheStoredStateWhateverTheLifecycleKeepsBesideIt() {
        active();
        apply(suspend(tenantId, "s", SuspensionReason.OPERATOR));
        assertThat(tenant.operations).isNotEmpty(); // the SUSPEND waits for the provisioner's report

        byte[] stored = new StateSerde().serializer().serialize("t", tenant.state());
        assertThat(new String(stored, java.nio.charset.StandardCharsets.UTF_8)).contains("\"operations\"");
        assertThat(TenantSnapshotJson.readStored(stored)).isEqualTo(tenant.snapshot());
    }

    private void active() {
        apply(requested(tenantId, 1, false));
        only(apply(completed(tenantId, 1)), TenantActivated.class);
        assertThat(tenant.tenantState).isEqualTo(TenantState.ACTIVE);
    }

    private List<SpecificRecord> apply(SpecificRecord event) {
        return lifecycle.apply(tenant, event, now).emitted();
    }

    private CommandEntry.Status status(OperatorCommandIssued command) {
        return tenant.command(command.getCommandId().toString()).orElseThrow().status();
    }

    private static <T> T only(List<SpecificRecord> events, Class<T> type) {
        assertThat(events).singleElement().isInstanceOf(type);
        return type.cast(events.get(0));
    }
}
