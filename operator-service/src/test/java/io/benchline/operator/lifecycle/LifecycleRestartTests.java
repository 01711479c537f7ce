package io.benchline.operator.lifecycle;

import static io.benchline.operator.lifecycle.LifecycleEvents.changePlan;
import static io.benchline.operator.lifecycle.LifecycleEvents.command;
import static io.benchline.operator.lifecycle.LifecycleEvents.deprovision;
import static io.benchline.operator.lifecycle.LifecycleEvents.operationCompleted;
import static io.benchline.operator.lifecycle.Tenants.awaitLifecycleEvents;
import static io.benchline.operator.lifecycle.Tenants.awaitRequest;
import static io.benchline.operator.lifecycle.Tenants.awaitSnapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.events.OperatorAction;
import io.benchline.events.OperatorCommandIssued;
import io.benchline.events.Plan;
import io.benchline.events.SiteOperation;
import io.benchline.events.SiteOperationRequested;
import io.benchline.events.TenantDeleted;
import io.benchline.events.TenantPlanChanged;
import io.benchline.operator.tenant.CommandEntry;
import io.benchline.operator.tenant.TenantSnapshot;
import io.benchline.operator.tenant.TenantState;
import io.benchline.testing.Publish;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State lives in Kafka: a lifecycle started on an empty state directory after another stopped knows every tenant,
 * its commands and its open deprovisioning, and carries on from there.
 */
class LifecycleRestartTests {

    @TempDir
    Path first;

    @TempDir
    Path second;

    @Test
    void aRestartedLifecycleOnAnEmptyStateDirectoryKeepsEveryTenantAndFinishesItsDeprovisioning() {
        UUID tenantId;
        OperatorCommandIssued deprovision;
        SiteOperationRequested suspendRequest;
        try (LifecycleInstance lifecycle = LifecycleInstance.start(first)) {
            tenantId = TenantLifecycleBrokerTests.activeTenant();
            Publish.event("/benchline/operator-service", changePlan(tenantId, "plan-before", Plan.ENTERPRISE));
            awaitSnapshot(tenantId, s -> "enterprise".equals(s.plan()));
            deprovision = deprovision(tenantId, "deprovision-restart", 0);
            Publish.event("/benchline/operator-service", deprovision);
            suspendRequest = awaitRequest(tenantId, 1);
        }

        try (LifecycleInstance lifecycle = LifecycleInstance.start(second)) {
            // The same command again after the restart: it was applied before, so nothing happens twice.
            Publish.event("/benchline/operator-service", changePlan(tenantId, "plan-before", Plan.ENTERPRISE));
            // A later command on the same partition: once it is answered, the repeated one has been seen too.
            Publish.event(
                    "/benchline/operator-service",
                    command(tenantId, OperatorAction.RESUME, "resume-late").build());
            TenantSnapshot refused = awaitSnapshot(tenantId, s -> s.commands().size() == 3);
            assertThat(refused.commands().get(2).status()).isEqualTo(CommandEntry.Status.REFUSED);
            assertThat(refused.tenantState()).isEqualTo(TenantState.DEPROVISIONING);
            Publish.event(
                    "/benchline/provisioner-service",
                    operationCompleted(tenantId, suspendRequest.getOperationId(), SiteOperation.SUSPEND, true));
            SiteOperationRequested archive = awaitRequest(tenantId, 2);
            assertThat(archive.getOperation()).isEqualTo(SiteOperation.ARCHIVE);
            Publish.event(
                    "/benchline/provisioner-service",
                    operationCompleted(tenantId, archive.getOperationId(), SiteOperation.ARCHIVE, true));

            TenantDeleted deleted =
                    (TenantDeleted) awaitLifecycleEvents(tenantId, 4).get(3);
            assertThat(deleted.getCommandId()).isEqualTo(deprovision.getCommandId());
            TenantSnapshot gone = awaitSnapshot(tenantId, s -> s.tenantState() == TenantState.DELETED);
            assertThat(gone.plan()).isEqualTo("enterprise");
            assertThat(gone.commands()).hasSize(3);
            assertThat(gone.timeline()).extracting(e -> e.type()).contains("TenantRequested", "TenantActivated");
            assertThat(Tenants.lifecycleEvents(tenantId))
                    .filteredOn(TenantPlanChanged.class::isInstance)
                    .hasSize(1);
        }
    }

    @Test
    void aRestartedLifecycleArchivesADeprovisioningWhoseGraceEndsWhileItWasDown() {
        UUID tenantId;
        try (LifecycleInstance lifecycle = LifecycleInstance.start(first)) {
            tenantId = TenantLifecycleBrokerTests.activeTenant();
            Publish.event("/benchline/operator-service", deprovision(tenantId, "deprovision-while-down", 15));
            SiteOperationRequested suspend = awaitRequest(tenantId, 1);
            Publish.event(
                    "/benchline/provisioner-service",
                    operationCompleted(tenantId, suspend.getOperationId(), SiteOperation.SUSPEND, true));
            awaitLifecycleEvents(tenantId, 2); // TenantSuspended: only the grace stands between it and the archive
            assertThat(Tenants.requests(tenantId)).hasSize(1);
        }

        // No event for the tenant arrives after the restart: the check is planned from the restored due index.
        try (LifecycleInstance lifecycle = LifecycleInstance.start(second)) {
            SiteOperationRequested archive = awaitRequest(tenantId, 2);
            assertThat(archive.getOperation()).isEqualTo(SiteOperation.ARCHIVE);
        }
    }
}
