package io.benchline.operator.lifecycle;

import io.benchline.operator.tenant.CommandEntry;
import io.benchline.operator.tenant.FailureDetail;
import io.benchline.operator.tenant.SignupState;
import io.benchline.operator.tenant.TenantSnapshot;
import io.benchline.operator.tenant.TenantState;
import io.benchline.operator.tenant.TimelineEntry;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One tenant while an event is applied to it: a mutable working copy of its {@link LifecycleState}, read from the
 * store and written back as a new state. Package-private fields: {@link TenantLifecycle} is its only user.
 */
final class Tenant {

    /** The timeline keeps the newest entries only. */
    static final int TIMELINE_LIMIT = 500;

    /** Enough to recognise a republished event among a tenant's few dozen. */
    static final int REMEMBERED_EVENT_IDS = 128;

    final String tenantId;
    String subdomain;
    String organization;
    String email;
    String plan;
    String host;
    String siteUrl;
    boolean synthetic;
    boolean emailVerificationRequired;
    String emailVerification;
    int attempt;
    SignupState signupState;
    TenantState tenantState = TenantState.NONE;
    String suspensionReason;
    Instant acceptedAt;
    Instant updatedAt;
    Instant deadlineAt;
    Instant completedAt;
    Instant activatedAt;
    Instant trialEndsAt;
    Instant deletionDueAt;
    FailureDetail failure;
    TenantSnapshot.BackupDetail backup;
    final List<CommandEntry> commands = new ArrayList<>();
    final Deque<TimelineEntry> timeline = new ArrayDeque<>();

    boolean siteSuspended;
    final Map<String, LifecycleState.PendingOperation> operations = new LinkedHashMap<>();
    LifecycleState.PendingRetry retry;
    String deprovisionCommandId;
    final Deque<String> recentEventIds = new ArrayDeque<>();

    Tenant(String tenantId) {
        this.tenantId = tenantId;
    }

    static Tenant from(LifecycleState state) {
        TenantSnapshot s = state.snapshot();
        Tenant t = new Tenant(s.tenantId());
        t.subdomain = s.subdomain();
        t.organization = s.organization();
        t.email = s.email();
        t.plan = s.plan();
        t.host = s.host();
        t.siteUrl = s.siteUrl();
        t.synthetic = s.synthetic();
        t.emailVerificationRequired = s.emailVerificationRequired();
        t.emailVerification = s.emailVerification();
        t.attempt = s.attempt();
        t.signupState = s.signupState();
        t.tenantState = s.tenantState() == null ? TenantState.NONE : s.tenantState();
        t.suspensionReason = s.suspensionReason();
        t.acceptedAt = s.acceptedAt();
        t.updatedAt = s.updatedAt();
        t.deadlineAt = s.deadlineAt();
        t.completedAt = s.completedAt();
        t.activatedAt = s.activatedAt();
        t.trialEndsAt = s.trialEndsAt();
        t.deletionDueAt = s.deletionDueAt();
        t.failure = s.failure();
        t.backup = s.backup();
        t.commands.addAll(s.commands());
        t.timeline.addAll(s.timeline());
        t.siteSuspended = state.siteSuspended();
        if (state.operations() != null) {
            t.operations.putAll(state.operations());
        }
        t.retry = state.retry();
        t.deprovisionCommandId = state.deprovisionCommandId();
        if (state.recentEventIds() != null) {
            t.recentEventIds.addAll(state.recentEventIds());
        }
        return t;
    }

    LifecycleState state() {
        return new LifecycleState(
                snapshot(),
                siteSuspended,
                Map.copyOf(operations),
                retry,
                deprovisionCommandId,
                List.copyOf(recentEventIds));
    }

    TenantSnapshot snapshot() {
        return new TenantSnapshot(
                tenantId,
                subdomain,
                organization,
                email,
                plan,
                host,
                siteUrl,
                synthetic,
                emailVerificationRequired,
                emailVerification,
                attempt,
                signupState,
                tenantState,
                suspensionReason,
                acceptedAt,
                updatedAt,
                deadlineAt,
                completedAt,
                activatedAt,
                trialEndsAt,
                deletionDueAt,
                failure,
                backup,
                commands,
                List.copyOf(timeline));
    }

    /** Remembers {@code eventId}; false when it was applied before (the same event published twice). */
    boolean firstSight(String eventId) {
        if (recentEventIds.contains(eventId)) {
            return false;
        }
        recentEventIds.addLast(eventId);
        while (recentEventIds.size() > REMEMBERED_EVENT_IDS) {
            recentEventIds.removeFirst();
        }
        return true;
    }

    void record(TimelineEntry entry) {
        timeline.addLast(entry);
        while (timeline.size() > TIMELINE_LIMIT) {
            timeline.removeFirst();
        }
    }

    Optional<CommandEntry> command(String commandId) {
        return commands.stream().filter(c -> c.commandId().equals(commandId)).findFirst();
    }

    /** Replaces the entry of {@code commandId} with the same entry in {@code status}. */
    void settle(String commandId, CommandEntry.Status status, String message) {
        for (int i = 0; i < commands.size(); i++) {
            CommandEntry c = commands.get(i);
            if (c.commandId().equals(commandId)) {
                commands.set(
                        i,
                        new CommandEntry(
                                c.commandId(),
                                c.action(),
                                c.operator(),
                                c.reason(),
                                c.idempotencyKey(),
                                c.issuedAt(),
                                status,
                                message));
                return;
            }
        }
    }

    boolean operationInFlight() {
        return !operations.isEmpty();
    }
}
