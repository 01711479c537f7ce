package io.benchline.operator.tenant;

import java.time.Instant;
import java.util.List;

/**
 * Everything operator-service knows about one tenant (one per tenantId in the lifecycle's store, whose changelog
 * {@link OperatorTopics#TENANT_STATES} every instance's view reads to answer {@code /ops}). Written only by the
 * lifecycle. Absent values are null (e.g. {@code host} before CHOOSE_HOST). No secret, no sealed field.
 *
 * @param attempt the latest attempt (Signup.attempt): 1, or more after operator retries
 * @param deletionDueAt when a deprovisioning's grace ends (backup and drop start then), else null
 * @param backup the verified backup of a deleted tenant, else null
 * @param timeline every event and command in the order seen (bounded: the newest 500)
 */
public record TenantSnapshot(
        String tenantId,
        String subdomain,
        String organization,
        String email,
        String plan,
        String host,
        String siteUrl,
        boolean synthetic,
        boolean emailVerificationRequired,
        String emailVerification,
        int attempt,
        SignupState signupState,
        TenantState tenantState,
        String suspensionReason,
        Instant acceptedAt,
        Instant updatedAt,
        Instant deadlineAt,
        Instant completedAt,
        Instant activatedAt,
        Instant trialEndsAt,
        Instant deletionDueAt,
        FailureDetail failure,
        BackupDetail backup,
        List<CommandEntry> commands,
        List<TimelineEntry> timeline) {

    public TenantSnapshot {
        commands = commands == null ? List.of() : List.copyOf(commands);
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
    }

    /** A verified backup, as in the {@code Backup} event record. */
    public record BackupDetail(String benchHost, String location, long totalBytes, Instant takenAt, List<File> files) {

        public record File(String kind, String path, long sizeBytes, String sha256) {}
    }
}
