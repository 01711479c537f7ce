package io.benchline.operator.lifecycle;

import io.benchline.events.Backup;
import io.benchline.events.BackupFile;
import io.benchline.events.EmailVerification;
import io.benchline.events.EmailVerificationStatus;
import io.benchline.events.FailureReason;
import io.benchline.events.FailureStage;
import io.benchline.events.OperatorAction;
import io.benchline.events.OperatorCommandIssued;
import io.benchline.events.Plan;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.SignupCompleted;
import io.benchline.events.SiteOperation;
import io.benchline.events.SiteOperationCompleted;
import io.benchline.events.SuspensionReason;
import io.benchline.events.TenantRequested;
import io.benchline.schemas.SampleEvents;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The events other services write, for the lifecycle's tests: the pipeline's from {@link SampleEvents} with the
 * fields that matter here set, the operator API's commands and the provisioner's reports built as they build them.
 */
final class LifecycleEvents {

    private LifecycleEvents() {}

    static TenantRequested requested(UUID tenantId, int attempt, boolean verificationRequired) {
        TenantRequested requested = SampleEvents.tenantRequested(tenantId);
        requested.getSignup().setAttempt(attempt);
        requested.getSignup().setEmailVerificationRequired(verificationRequired);
        requested.setOccurredAt(Instant.now());
        return requested;
    }

    static SignupCompleted completed(UUID tenantId, int attempt) {
        SignupCompleted completed = SampleEvents.signupCompleted(tenantId);
        completed.setAttempt(attempt);
        completed.setOccurredAt(Instant.now());
        return completed;
    }

    static ProvisioningFailed failed(UUID tenantId, int attempt, FailureStage stage) {
        ProvisioningFailed failed = SampleEvents.provisioningFailed(tenantId);
        failed.setAttempt(attempt);
        failed.setStage(stage);
        if (stage == FailureStage.SIGNUP) {
            failed.setReason(FailureReason.SUBDOMAIN_TAKEN);
            failed.setRetryable(false);
            failed.setMessage("retry refused: the subdomain acme now belongs to another signup");
        }
        failed.setOccurredAt(Instant.now());
        return failed;
    }

    static EmailVerification verification(UUID tenantId, EmailVerificationStatus status) {
        return EmailVerification.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenantId)
                .setOccurredAt(Instant.now())
                .setStatus(status)
                .setCodesSent(1)
                .build();
    }

    /** A command as the API publishes it: commandId derived from tenant, action and idempotency key. */
    static OperatorCommandIssued.Builder command(UUID tenantId, OperatorAction action, String idempotencyKey) {
        return OperatorCommandIssued.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenantId)
                .setOccurredAt(Instant.now())
                .setCommandId(commandId(tenantId, action, idempotencyKey))
                .setAction(action)
                .setOperator("ops-jane")
                .setReason("test")
                .setIdempotencyKey(idempotencyKey)
                .setPlan(null)
                .setSuspensionReason(null)
                .setGraceSeconds(null);
    }

    static OperatorCommandIssued suspend(UUID tenantId, String key, SuspensionReason reason) {
        return command(tenantId, OperatorAction.SUSPEND, key)
                .setSuspensionReason(reason)
                .build();
    }

    static OperatorCommandIssued changePlan(UUID tenantId, String key, Plan plan) {
        return command(tenantId, OperatorAction.CHANGE_PLAN, key).setPlan(plan).build();
    }

    static OperatorCommandIssued deprovision(UUID tenantId, String key, long graceSeconds) {
        return command(tenantId, OperatorAction.DEPROVISION, key)
                .setGraceSeconds(graceSeconds)
                .build();
    }

    static UUID commandId(UUID tenantId, OperatorAction action, String idempotencyKey) {
        return UUID.nameUUIDFromBytes(
                ("benchline:ops:" + tenantId + ":" + action + ":" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
    }

    /** The provisioner's report of {@code operationId}; an ARCHIVE carries its verified backup. */
    static SiteOperationCompleted operationCompleted(
            UUID tenantId, UUID operationId, SiteOperation operation, boolean succeeded) {
        return SiteOperationCompleted.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenantId)
                .setOccurredAt(Instant.now())
                .setOperationId(operationId)
                .setOperation(operation)
                .setSucceeded(succeeded)
                .setMessage(succeeded ? null : "bench set-maintenance-mode failed (exit 1)")
                .setBackup(operation == SiteOperation.ARCHIVE && succeeded ? backup() : null)
                .setBenchHost("bench-1")
                .setSiteName("acme.localhost")
                .build();
    }

    static Backup backup() {
        String folder = SimulatedBenchHost.BENCH_FOLDER + "/archived/backups/acme.localhost/op";
        return Backup.newBuilder()
                .setBenchHost("bench-1")
                .setLocation(folder)
                .setFiles(List.of(
                        BackupFile.newBuilder()
                                .setKind("database")
                                .setPath(folder + "/20261128_120000-acme_localhost-database.sql.gz")
                                .setSizeBytes(123_456)
                                .setSha256("a".repeat(64))
                                .build(),
                        BackupFile.newBuilder()
                                .setKind("config")
                                .setPath(folder + "/20261128_120000-acme_localhost-site_config_backup.json")
                                .setSizeBytes(512)
                                .setSha256("b".repeat(64))
                                .build()))
                .setTotalBytes(123_968)
                .setTakenAt(Instant.now())
                .build();
    }
}
