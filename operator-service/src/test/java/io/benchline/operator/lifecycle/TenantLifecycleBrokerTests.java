package io.benchline.operator.lifecycle;

import static io.benchline.operator.lifecycle.LifecycleEvents.changePlan;
import static io.benchline.operator.lifecycle.LifecycleEvents.command;
import static io.benchline.operator.lifecycle.LifecycleEvents.completed;
import static io.benchline.operator.lifecycle.LifecycleEvents.deprovision;
import static io.benchline.operator.lifecycle.LifecycleEvents.failed;
import static io.benchline.operator.lifecycle.LifecycleEvents.operationCompleted;
import static io.benchline.operator.lifecycle.LifecycleEvents.requested;
import static io.benchline.operator.lifecycle.LifecycleEvents.suspend;
import static io.benchline.operator.lifecycle.LifecycleEvents.verification;
import static io.benchline.operator.lifecycle.Tenants.awaitLifecycleEvents;
import static io.benchline.operator.lifecycle.Tenants.awaitRequest;
import static io.benchline.operator.lifecycle.Tenants.awaitSnapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.events.DeletionReason;
import io.benchline.events.EmailVerificationStatus;
import io.benchline.events.FailureStage;
import io.benchline.events.OperatorAction;
import io.benchline.events.OperatorCommandIssued;
import io.benchline.events.Plan;
import io.benchline.events.ProvisioningProgressed;
import io.benchline.events.SiteOperation;
import io.benchline.events.SiteOperationRequested;
import io.benchline.events.SuspensionReason;
import io.benchline.events.TenantActivated;
import io.benchline.events.TenantDeleted;
import io.benchline.events.TenantPlanChanged;
import io.benchline.events.TenantResumed;
import io.benchline.events.TenantSuspended;
import io.benchline.operator.tenant.CommandEntry;
import io.benchline.operator.tenant.OperatorTopics;
import io.benchline.operator.tenant.SignupState;
import io.benchline.operator.tenant.TenantSnapshot;
import io.benchline.operator.tenant.TenantState;
import io.benchline.operator.tenant.TimelineEntry;
import io.benchline.schemas.AvroEventSerializer;
import io.benchline.schemas.CloudEventHeaders;
import io.benchline.schemas.EventMetadata;
import io.benchline.schemas.SampleEvents;
import io.benchline.schemas.Topic;
import io.benchline.testing.KafkaTestBroker;
import io.benchline.testing.Publish;
import io.benchline.testing.SecretScan;
import io.benchline.testing.TopicDump;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifecycle in a real Spring context on a real broker: pipeline events, operator commands and the provisioner's
 * reports go in as their writers publish them; tenant.lifecycle, tenant.site-operation-requested and the tenant
 * store's changelog (the view's topic) are read back as their readers read them.
 */
class TenantLifecycleBrokerTests {

    private static final String PIPELINE = "/benchline/signup-service";
    private static final String API = "/benchline/operator-service";
    private static final String PROVISIONER = "/benchline/provisioner-service";

    @TempDir
    static Path state;

    @AutoClose
    private static LifecycleInstance lifecycle;

    @BeforeAll
    static void start() {
        lifecycle = LifecycleInstance.start(state);
    }

    @Test
    void activatesACompletedSignupWithoutVerificationOnceWithPlanAndTrialEnd() throws Exception {
        UUID tenantId = UUID.randomUUID();
        Publish.event(PIPELINE, requested(tenantId, 1, false));
        awaitSnapshot(tenantId, s -> s.signupState() == SignupState.ACCEPTED);
        Instant before = Instant.now();
        Publish.event(PIPELINE, completed(tenantId, 1));

        TenantSnapshot active = awaitSnapshot(tenantId, s -> s.tenantState() == TenantState.ACTIVE);
        assertThat(active.signupState()).isEqualTo(SignupState.COMPLETED);
        assertThat(active.plan()).isEqualTo("pro");
        assertThat(active.subdomain()).isEqualTo("acme");
        assertThat(active.emailVerification()).isEqualTo("not_required");
        TenantActivated activated =
                (TenantActivated) awaitLifecycleEvents(tenantId, 1).get(0);
        assertThat(activated.getPlan()).isEqualTo(Plan.PRO);
        assertThat(activated.getSubdomain()).isEqualTo("acme");
        assertThat(activated.getAdminEmail()).isEqualTo("jane@acme.example");
        assertThat(activated.getTrialEndsAt())
                .isEqualTo(activated.getOccurredAt().plus(Duration.ofDays(14)));
        assertThat(activated.getOccurredAt()).isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(active.trialEndsAt()).isEqualTo(activated.getTrialEndsAt());

        // Consumers route on the CloudEvents headers: the Streams output carries them, naming this service.
        TopicDump.RawRecord raw =
                TopicDump.of(KafkaTestBroker.bootstrapServers(), Topic.TENANT_LIFECYCLE.topicName()).stream()
                        .filter(r -> tenantId.toString().equals(r.keyText()))
                        .findFirst()
                        .orElseThrow();
        assertThat(raw.headers())
                .containsEntry(CloudEventHeaders.SOURCE, "/benchline/operator-service")
                .containsEntry(CloudEventHeaders.TYPE, "io.benchline.tenant.TenantActivated")
                .containsEntry(CloudEventHeaders.ID, activated.getEventId().toString())
                .containsEntry(CloudEventHeaders.SUBJECT, tenantId.toString());

        // A snapshot after each change: one for the request, one for the completion.
        assertThat(Tenants.snapshots(tenantId))
                .extracting(TenantSnapshot::signupState)
                .containsExactly(SignupState.ACCEPTED, SignupState.COMPLETED);
        // The completion delivered again changes nothing and activates nothing twice.
        Publish.event(PIPELINE, completed(tenantId, 1));
        Publish.event(API, changePlan(tenantId, "plan-1", Plan.FREE));
        awaitSnapshot(tenantId, s -> "free".equals(s.plan()));
        assertThat(Tenants.lifecycleEvents(tenantId))
                .filteredOn(TenantActivated.class::isInstance)
                .hasSize(1);
    }

    @Test
    void changesWithinOneCommitReachTheViewsTopicAsOneRecordOfTheLatestState() {
        UUID tenantId = UUID.randomUUID();
        int progress = 20;
        // One transaction: the lifecycle reads all of them at once and commits them together (or in very few commits).
        List<SpecificRecord> events = new ArrayList<>();
        events.add(requested(tenantId, 1, false));
        for (int i = 0; i < progress; i++) {
            ProvisioningProgressed step = SampleEvents.provisioningProgressed(tenantId);
            step.setMessage("step " + i);
            events.add(step);
        }
        publishTogether(events);

        TenantSnapshot latest = awaitSnapshot(tenantId, s -> s.timeline().size() == progress + 1);
        assertThat(latest.signupState()).isEqualTo(SignupState.PROVISIONING);
        assertThat(latest.timeline().get(progress).detail()).containsEntry("message", "step " + (progress - 1));
        // The store's cache writes a tenant once per commit: far fewer records than events (formerly one per event
        // on the store's changelog and one more on a snapshot topic).
        assertThat(Tenants.snapshots(tenantId)).hasSizeLessThan(events.size() / 4);
    }

    @Test
    void activationWaitsForTheVerifiedEmail() {
        UUID tenantId = UUID.randomUUID();
        // Minutes apart in production, and on different topics: sent one after the other's effect.
        Publish.event(PIPELINE, requested(tenantId, 1, true));
        awaitSnapshot(tenantId, s -> s.signupState() == SignupState.ACCEPTED);
        Publish.event(PIPELINE, verification(tenantId, EmailVerificationStatus.CODE_SENT));
        awaitSnapshot(tenantId, s -> s.timeline().size() == 2);
        Publish.event(PIPELINE, completed(tenantId, 1));
        TenantSnapshot waiting = awaitSnapshot(tenantId, s -> s.signupState() == SignupState.COMPLETED);
        assertThat(waiting.tenantState()).isEqualTo(TenantState.AWAITING_VERIFICATION);
        assertThat(waiting.emailVerification()).isEqualTo("pending");
        assertThat(waiting.activatedAt()).isNull();
        assertThat(Tenants.lifecycleEvents(tenantId)).isEmpty();

        Publish.event(PIPELINE, verification(tenantId, EmailVerificationStatus.VERIFIED));
        TenantSnapshot active = awaitSnapshot(tenantId, s -> s.tenantState() == TenantState.ACTIVE);
        assertThat(active.emailVerification()).isEqualTo("verified");
        assertThat(awaitLifecycleEvents(tenantId, 1)).singleElement().isInstanceOf(TenantActivated.class);
    }

    @Test
    void suspendsAndResumesThroughTheProvisionerAndAppliesACommandIdOnce() {
        UUID tenantId = activeTenant();
        OperatorCommandIssued suspend = suspend(tenantId, "suspend-1", SuspensionReason.NON_PAYMENT);
        Publish.event(API, suspend);
        SiteOperationRequested request = awaitRequest(tenantId, 1);
        assertThat(request.getOperation()).isEqualTo(SiteOperation.SUSPEND);
        assertThat(request.getCommandId()).isEqualTo(suspend.getCommandId());
        assertThat(request.getOperationId())
                .isEqualTo(UUID.nameUUIDFromBytes(
                        ("benchline:site-op:" + suspend.getCommandId() + ":SUSPEND").getBytes(StandardCharsets.UTF_8)));
        // Nothing changes before the provisioner says the site is suspended.
        assertThat(awaitSnapshot(tenantId, s -> !s.commands().isEmpty()).tenantState())
                .isEqualTo(TenantState.ACTIVE);

        // The API publishes the same command again (same commandId, a new event): one effect only.
        OperatorCommandIssued again = suspend(tenantId, "suspend-1", SuspensionReason.NON_PAYMENT);
        assertThat(again.getCommandId()).isEqualTo(suspend.getCommandId());
        Publish.event(API, again);
        Publish.event(PROVISIONER, operationCompleted(tenantId, request.getOperationId(), SiteOperation.SUSPEND, true));
        TenantSnapshot suspended = awaitSnapshot(tenantId, s -> s.tenantState() == TenantState.SUSPENDED);
        assertThat(suspended.suspensionReason()).isEqualTo("non_payment");
        assertThat(suspended.commands()).singleElement().satisfies(c -> {
            assertThat(c.commandId()).isEqualTo(suspend.getCommandId().toString());
            assertThat(c.status()).isEqualTo(CommandEntry.Status.DONE);
            assertThat(c.action()).isEqualTo("suspend");
            assertThat(c.operator()).isEqualTo("ops-jane");
        });
        TenantSuspended event =
                (TenantSuspended) awaitLifecycleEvents(tenantId, 2).get(1);
        assertThat(event.getReason()).isEqualTo(SuspensionReason.NON_PAYMENT);
        assertThat(event.getCommandId()).isEqualTo(suspend.getCommandId());
        assertThat(event.getOperator()).isEqualTo("ops-jane");

        OperatorCommandIssued resume =
                command(tenantId, OperatorAction.RESUME, "resume-1").build();
        Publish.event(API, resume);
        SiteOperationRequested resumeRequest = awaitRequest(tenantId, 2);
        assertThat(resumeRequest.getOperation()).isEqualTo(SiteOperation.RESUME);
        Publish.event(
                PROVISIONER, operationCompleted(tenantId, resumeRequest.getOperationId(), SiteOperation.RESUME, true));
        TenantSnapshot resumed = awaitSnapshot(tenantId, s -> s.tenantState() == TenantState.ACTIVE);
        assertThat(resumed.suspensionReason()).isNull();
        assertThat(awaitLifecycleEvents(tenantId, 3).get(2)).isInstanceOf(TenantResumed.class);
        assertThat(Tenants.requests(tenantId)).hasSize(2);
        assertThat(Tenants.lifecycleEvents(tenantId))
                .filteredOn(TenantSuspended.class::isInstance)
                .hasSize(1);
    }

    @Test
    void refusesACommandThatDoesNotApplyAndMarksAFailedOperationFailed() {
        UUID tenantId = activeTenant();
        OperatorCommandIssued resume =
                command(tenantId, OperatorAction.RESUME, "resume-active").build();
        Publish.event(API, resume);
        TenantSnapshot refused = awaitSnapshot(tenantId, s -> !s.commands().isEmpty());
        assertThat(refused.commands()).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(CommandEntry.Status.REFUSED);
            assertThat(c.message()).contains("active");
        });
        assertThat(refused.tenantState()).isEqualTo(TenantState.ACTIVE);

        OperatorCommandIssued suspend = suspend(tenantId, "suspend-fails", SuspensionReason.ABUSE);
        Publish.event(API, suspend);
        SiteOperationRequested request = awaitRequest(tenantId, 1);
        Publish.event(
                PROVISIONER, operationCompleted(tenantId, request.getOperationId(), SiteOperation.SUSPEND, false));
        TenantSnapshot failed = awaitSnapshot(
                tenantId, s -> s.commands().size() == 2 && s.commands().get(1).status() == CommandEntry.Status.FAILED);
        assertThat(failed.commands().get(1).message()).contains("bench set-maintenance-mode failed");
        assertThat(failed.tenantState()).isEqualTo(TenantState.ACTIVE);
        assertThat(Tenants.lifecycleEvents(tenantId)).hasSize(1); // TenantActivated only
    }

    @Test
    void changesThePlanAtOnce() {
        UUID tenantId = activeTenant();
        double before = planChanges();
        OperatorCommandIssued change = changePlan(tenantId, "plan-enterprise", Plan.ENTERPRISE);
        Publish.event(API, change);
        TenantPlanChanged changed =
                (TenantPlanChanged) awaitLifecycleEvents(tenantId, 2).get(1);
        assertThat(changed.getFromPlan()).isEqualTo(Plan.PRO);
        assertThat(changed.getToPlan()).isEqualTo(Plan.ENTERPRISE);
        assertThat(changed.getCommandId()).isEqualTo(change.getCommandId());
        TenantSnapshot snapshot = awaitSnapshot(tenantId, s -> "enterprise".equals(s.plan()));
        assertThat(snapshot.commands())
                .singleElement()
                .extracting(CommandEntry::status)
                .isEqualTo(CommandEntry.Status.DONE);
        assertThat(Tenants.requests(tenantId)).isEmpty();
        assertThat(planChanges()).isEqualTo(before + 1);
    }

    /** benchline_tenants_lifecycle_events_total{type="TenantPlanChanged"} */
    private static double planChanges() {
        Counter counter = lifecycle
                .bean(MeterRegistry.class)
                .find("benchline.tenants.lifecycle.events")
                .tag("type", "TenantPlanChanged")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void deprovisionsWithoutGraceThroughSuspendAndArchiveAndCarriesTheBackup() {
        UUID tenantId = activeTenant();
        OperatorCommandIssued deprovision = deprovision(tenantId, "deprovision-1", 0);
        Publish.event(API, deprovision);
        SiteOperationRequested suspendRequest = awaitRequest(tenantId, 1);
        assertThat(suspendRequest.getOperation()).isEqualTo(SiteOperation.SUSPEND);
        TenantSnapshot deprovisioning = awaitSnapshot(tenantId, s -> s.tenantState() == TenantState.DEPROVISIONING);
        assertThat(deprovisioning.deletionDueAt()).isEqualTo(deprovision.getOccurredAt());

        Publish.event(
                PROVISIONER,
                operationCompleted(tenantId, suspendRequest.getOperationId(), SiteOperation.SUSPEND, true));
        TenantSuspended suspended =
                (TenantSuspended) awaitLifecycleEvents(tenantId, 2).get(1);
        assertThat(suspended.getReason()).isEqualTo(SuspensionReason.DEPROVISIONING);

        // The grace (0 s) has passed and the site is suspended: the punctuator asks for the archive.
        SiteOperationRequested archiveRequest = awaitRequest(tenantId, 2);
        assertThat(archiveRequest.getOperation()).isEqualTo(SiteOperation.ARCHIVE);
        assertThat(archiveRequest.getOperationId())
                .isEqualTo(UUID.nameUUIDFromBytes(("benchline:site-op:" + deprovision.getCommandId() + ":ARCHIVE")
                        .getBytes(StandardCharsets.UTF_8)));
        var report = operationCompleted(tenantId, archiveRequest.getOperationId(), SiteOperation.ARCHIVE, true);
        Publish.event(PROVISIONER, report);

        TenantDeleted deleted =
                (TenantDeleted) awaitLifecycleEvents(tenantId, 3).get(2);
        assertThat(deleted.getReason()).isEqualTo(DeletionReason.DEPROVISIONED);
        assertThat(deleted.getSubdomain()).isEqualTo("acme");
        assertThat(deleted.getBackup()).isEqualTo(report.getBackup());
        assertThat(deleted.getCommandId()).isEqualTo(deprovision.getCommandId());
        assertThat(deleted.getOperator()).isEqualTo("ops-jane");
        TenantSnapshot gone = awaitSnapshot(tenantId, s -> s.tenantState() == TenantState.DELETED);
        assertThat(gone.backup().location()).isEqualTo(report.getBackup().getLocation());
        assertThat(gone.backup().files())
                .extracting(TenantSnapshot.BackupDetail.File::sha256)
                .containsExactly("a".repeat(64), "b".repeat(64));
        assertThat(gone.commands())
                .singleElement()
                .extracting(CommandEntry::status)
                .isEqualTo(CommandEntry.Status.DONE);
        assertThat(Tenants.requests(tenantId)).hasSize(2);
    }

    @Test
    void deletesATenantWhoseEmailWasNotVerifiedOnceItsSiteIsDropped() {
        UUID tenantId = UUID.randomUUID();
        Publish.event(PIPELINE, requested(tenantId, 1, true));
        awaitSnapshot(tenantId, s -> s.signupState() == SignupState.ACCEPTED);
        Publish.event(PIPELINE, completed(tenantId, 1));
        awaitSnapshot(tenantId, s -> s.tenantState() == TenantState.AWAITING_VERIFICATION);
        Publish.event(PIPELINE, verification(tenantId, EmailVerificationStatus.EXPIRED));
        awaitSnapshot(tenantId, s -> "expired".equals(s.emailVerification()));
        Publish.event(
                PROVISIONER,
                operationCompleted(tenantId, SiteOperationIds.emailNotVerified(tenantId), SiteOperation.DROP, true));

        TenantDeleted deleted =
                (TenantDeleted) awaitLifecycleEvents(tenantId, 1).get(0);
        assertThat(deleted.getReason()).isEqualTo(DeletionReason.EMAIL_NOT_VERIFIED);
        assertThat(deleted.getSubdomain()).isEqualTo("acme");
        assertThat(deleted.getBackup()).isNull();
        TenantSnapshot gone = awaitSnapshot(tenantId, s -> s.tenantState() == TenantState.DELETED);
        assertThat(gone.signupState()).isEqualTo(SignupState.FAILED);
        assertThat(gone.failure().reason()).isEqualTo("email_not_verified");
    }

    @Test
    void retriesAFailedSignupAndIgnoresTheOlderAttemptsEvents() {
        UUID tenantId = UUID.randomUUID();
        Publish.event(PIPELINE, requested(tenantId, 1, false));
        Publish.event(PIPELINE, failed(tenantId, 1, FailureStage.PROVISION));
        TenantSnapshot failed = awaitSnapshot(tenantId, s -> s.signupState() == SignupState.FAILED);
        assertThat(failed.failure().stage()).isEqualTo("provision");
        assertThat(failed.failure().message()).isEqualTo("bench new-site failed on bench-1 (exit 1)");

        OperatorCommandIssued retry =
                command(tenantId, OperatorAction.RETRY, "retry-1").build();
        Publish.event(API, retry);
        assertThat(awaitSnapshot(tenantId, s -> !s.commands().isEmpty()).commands())
                .singleElement()
                .extracting(CommandEntry::status)
                .isEqualTo(CommandEntry.Status.ACCEPTED);

        Publish.event(PIPELINE, requested(tenantId, 2, false));
        TenantSnapshot second = awaitSnapshot(tenantId, s -> s.attempt() == 2);
        assertThat(second.signupState()).isEqualTo(SignupState.ACCEPTED);
        assertThat(second.failure()).isNull();
        assertThat(second.commands())
                .singleElement()
                .extracting(CommandEntry::status)
                .isEqualTo(CommandEntry.Status.DONE);

        // A late event of attempt 1 goes to the timeline only.
        Publish.event(PIPELINE, completed(tenantId, 1));
        TenantSnapshot afterStale = awaitSnapshot(
                tenantId, s -> s.timeline().stream().anyMatch(e -> e.summary().contains("older attempt")));
        assertThat(afterStale.signupState()).isEqualTo(SignupState.ACCEPTED);
        assertThat(afterStale.tenantState()).isEqualTo(TenantState.NONE);
        assertThat(Tenants.lifecycleEvents(tenantId)).isEmpty();

        Publish.event(PIPELINE, completed(tenantId, 2));
        awaitSnapshot(tenantId, s -> s.tenantState() == TenantState.ACTIVE && s.signupState() == SignupState.COMPLETED);
        assertThat(awaitLifecycleEvents(tenantId, 1)).singleElement().isInstanceOf(TenantActivated.class);
    }

    @Test
    void aRetryRefusedBySignupAtOnceIsFailed() {
        UUID tenantId = UUID.randomUUID();
        Publish.event(PIPELINE, requested(tenantId, 1, false));
        Publish.event(PIPELINE, failed(tenantId, 1, FailureStage.TIMEOUT));
        awaitSnapshot(tenantId, s -> s.signupState() == SignupState.FAILED);
        Publish.event(
                API, command(tenantId, OperatorAction.RETRY, "retry-taken").build());
        awaitSnapshot(tenantId, s -> !s.commands().isEmpty());
        Publish.event(PIPELINE, failed(tenantId, 2, FailureStage.SIGNUP));

        TenantSnapshot refused = awaitSnapshot(tenantId, s -> s.attempt() == 2);
        assertThat(refused.signupState()).isEqualTo(SignupState.FAILED);
        assertThat(refused.failure().reason()).isEqualTo("subdomain_taken");
        assertThat(refused.commands()).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(CommandEntry.Status.FAILED);
            assertThat(c.message()).contains("now belongs to another signup");
        });
    }

    @Test
    void theTimelineHoldsNoSecretAndTheSnapshotTopicIsCompacted() throws Exception {
        UUID tenantId = activeTenant();
        Publish.event(PIPELINE, SampleEvents.siteProvisioned(tenantId));
        TenantSnapshot snapshot = awaitSnapshot(
                tenantId, s -> s.timeline().stream().anyMatch(e -> e.type().equals("SiteProvisioned")));
        List<TimelineEntry> timeline = snapshot.timeline();
        assertThat(timeline)
                .extracting(TimelineEntry::type)
                .contains("TenantRequested", "SignupCompleted", "TenantActivated", "SiteProvisioned");
        // The lifecycle's store (whose changelog the view reads) copies no sealed field of the signup or the site.
        List<TopicDump.RawRecord> written =
                TopicDump.of(KafkaTestBroker.bootstrapServers(), OperatorTopics.TENANT_STATES);
        assertThat(written).anyMatch(r -> tenantId.toString().equals(r.keyText()));
        for (String sealed : List.of("sealed-password", "sealed-key", "sealed-secret", "ciphertext", "\"password\"")) {
            SecretScan.assertNotInRecords(sealed, written);
        }

        try (Admin admin = Admin.create(
                java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers()))) {
            TopicDescription topic = admin.describeTopics(List.of(OperatorTopics.TENANT_STATES))
                    .allTopicNames()
                    .get()
                    .get(OperatorTopics.TENANT_STATES);
            assertThat(topic.partitions()).hasSize(12);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, OperatorTopics.TENANT_STATES);
            assertThat(admin.describeConfigs(List.of(resource))
                            .all()
                            .get()
                            .get(resource)
                            .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                            .value())
                    .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    /** Publishes {@code events} in one transaction, as the pipeline's transactional writers do. */
    private static void publishTogether(List<SpecificRecord> events) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaTestBroker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "lifecycle-tests-" + UUID.randomUUID());
        try (KafkaProducer<String, SpecificRecord> producer =
                new KafkaProducer<>(config, new StringSerializer(), new AvroEventSerializer(PIPELINE))) {
            producer.initTransactions();
            producer.beginTransaction();
            for (SpecificRecord event : events) {
                Topic topic = Topic.byEventType(event.getClass()).orElseThrow();
                producer.send(new ProducerRecord<>(
                        topic.topicName(), EventMetadata.of(event).tenantId().toString(), event));
            }
            producer.commitTransaction();
        }
    }

    /** A tenant whose signup completed without email verification: ACTIVE, one TenantActivated. */
    static UUID activeTenant() {
        UUID tenantId = UUID.randomUUID();
        Publish.event(PIPELINE, requested(tenantId, 1, false));
        Publish.event(PIPELINE, completed(tenantId, 1));
        awaitSnapshot(tenantId, s -> s.tenantState() == TenantState.ACTIVE);
        awaitLifecycleEvents(tenantId, 1);
        return tenantId;
    }
}
