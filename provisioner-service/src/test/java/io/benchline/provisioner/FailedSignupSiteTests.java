package io.benchline.provisioner;

import static io.benchline.testing.TopicDump.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.EmailVerification;
import io.benchline.events.EmailVerificationStatus;
import io.benchline.events.FailureReason;
import io.benchline.events.FailureStage;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.Signup;
import io.benchline.events.SiteOperation;
import io.benchline.events.SiteOperationCompleted;
import io.benchline.events.SiteProvisioned;
import io.benchline.events.TenantRequested;
import io.benchline.platform.secrets.Keysets;
import io.benchline.provisioner.handoff.TenantRemoval;
import io.benchline.simulator.FailurePlan;
import io.benchline.simulator.SimulatedSiteState;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import io.benchline.testing.KafkaTestBroker;
import io.benchline.testing.Publish;
import io.benchline.testing.RunningService;
import io.benchline.testing.TopicDump;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A failed signup leaves no site behind (chaos invariant {@code failed-leaves-no-site}): whichever stage ended it
 * (VERIFY, USER, signup-service's TIMEOUT while new-site still hangs), the provisioner drops the site it built for
 * that attempt and the sealed credentials leave the ledger; a redelivery does nothing twice, an older attempt's
 * failure leaves a retry's site alone, and an operator's retry after the drop builds the site again and completes.
 * Real broker, real SSH, the simulated bench host.
 */
class FailedSignupSiteTests {

    @TempDir
    static Path folder;

    static SimulatedBenchHost host;
    static RunningProvisioner provisioner;
    static String group = "failed-site-it-" + UUID.randomUUID();

    @BeforeAll
    static void start() {
        host = SimulatedBenchHost.start(folder.resolve("bench-1"));
        provisioner = RunningProvisioner.start(group, Keysets.generateJson(), host.properties(0, "bench-1", 2));
    }

    @AfterAll
    static void stop() {
        if (provisioner != null) {
            provisioner.close();
        }
        if (host != null) {
            host.close();
        }
    }

    @Test
    void aVerifyStageFailureDropsTheSiteAndRemovesTheCredentials() {
        TenantRequested request = provisioned("verify");
        UUID tenant = request.getTenantId();
        String site = request.getSignup().getSiteName();
        assertThat(ledger(tenant).path("apiSecret").isNull()).isFalse();

        fail(request, FailureStage.VERIFY, FailureReason.KEYS_REJECTED, "/benchline/verifier-service");

        awaitSiteGone(site);
        awaitNoCredentials(tenant);
        assertThat(host.count(site, "drop-site")).isEqualTo(1);
        assertThat(removedFailed()).isGreaterThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !events(SiteOperationCompleted.class, tenant).isEmpty());
        SiteOperationCompleted dropped =
                events(SiteOperationCompleted.class, tenant).get(0);
        assertThat(dropped.getOperation()).isEqualTo(SiteOperation.DROP);
        assertThat(dropped.getSucceeded()).isTrue();
        assertThat(dropped.getSiteName()).isEqualTo(site);
        assertThat(dropped.getOperationId())
                .as("not the email-not-verified operation the operator's lifecycle deletes the tenant for")
                .isEqualTo(TenantRemoval.signupFailedOperationId(tenant, 1))
                .isNotEqualTo(TenantRemoval.emailNotVerifiedOperationId(tenant));

        // Its verification window closes later, unverified: the failed signup is not reported as a deleted tenant.
        RecordMetadata expired = Publish.event(
                "/benchline/signup-service",
                EmailVerification.newBuilder()
                        .setEventId(UUID.randomUUID())
                        .setTenantId(tenant)
                        .setOccurredAt(Instant.now())
                        .setStatus(EmailVerificationStatus.EXPIRED)
                        .setCodesSent(1)
                        .build());
        RunningService.awaitConsumed(group + "-tenant-removal", expired);
        assertThat(events(SiteOperationCompleted.class, tenant)).hasSize(1);
        assertThat(host.count(site, "drop-site")).isEqualTo(1);
    }

    @Test
    void aUserStageFailureDropsTheSiteOnceAndARetryBuildsItAgainAndCompletes() {
        TenantRequested request = provisioned("user");
        UUID tenant = request.getTenantId();
        String site = request.getSignup().getSiteName();

        ProvisioningFailed failed =
                fail(request, FailureStage.USER, FailureReason.INTERNAL_ERROR, "/benchline/user-service");
        awaitSiteGone(site);
        awaitNoCredentials(tenant);
        JsonNode afterDrop = ledger(tenant);
        assertThat(afterDrop.path("outcome").path("kind").asString()).isEqualTo("PROVISIONED");
        assertThat(afterDrop.path("finished").toString()).doesNotContain("CREATE_SITE");

        // The same ProvisioningFailed again (a redelivery): no command for the site, no second report.
        long commands = host.simulator.commands().size();
        RecordMetadata again = Publish.event("/benchline/user-service", failed);
        RunningService.awaitConsumed(group + "-credentials-failed", again);
        assertThat(host.simulator.commands().stream()
                        .skip(commands)
                        .filter(c -> c.commandLine().contains(site)))
                .isEmpty();
        assertThat(host.count(site, "drop-site")).isEqualTo(1);
        assertThat(events(SiteOperationCompleted.class, tenant)).hasSize(1);

        // The operator retries: the site is built from scratch and attempt 2 is provisioned on it.
        Requests.send(provisioner, attempt(request, 2, Duration.ofMinutes(10)));
        await().atMost(Duration.ofSeconds(90)).until(() -> !ofAttempt(tenant, 2).isEmpty());
        assertThat(ofAttempt(tenant, 2)).hasSize(1);
        assertThat(host.count(site, "new-site")).isEqualTo(2);
        assertThat(host.simulator.site(site))
                .hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(SimulatedSiteState.READY));
        assertThat(ledger(tenant).path("apiSecret").isNull()).isFalse();
    }

    @Test
    void aTimeoutWhileNewSiteHangsStopsTheRunAndDropsTheHalfBuiltSite() {
        String subdomain = Requests.subdomain("timeout");
        TenantRequested request = attempt(Requests.forSubdomain(subdomain), 1, Duration.ofSeconds(8));
        UUID tenant = request.getTenantId();
        String site = request.getSignup().getSiteName();
        host.simulator.faults().hangCommand("new-site", FailurePlan.onCall(1));
        Requests.send(provisioner, request);
        await().atMost(Duration.ofSeconds(30)).until(() -> host.count(site, "new-site") == 1);
        Instant deadline = request.getSignup().getDeadlineAt();
        await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(deadline));

        // signup-service's deadline passed: it reports TIMEOUT while the provisioner's new-site still hangs.
        fail(request, FailureStage.TIMEOUT, FailureReason.DEADLINE_EXCEEDED, "/benchline/signup-service");

        awaitSiteGone(site);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "ABANDONED"
                        .equals(ledger(tenant).path("outcome").path("kind").asString()));
        assertThat(ledger(tenant).path("apiSecret").isNull()).isTrue();
        assertThat(ledger(tenant).path("finished").toString()).doesNotContain("CREATE_SITE");
        assertThat(events(ProvisioningFailed.class, tenant))
                .as("the provisioner emits nothing after the deadline; only signup-service's TIMEOUT")
                .hasSize(1);
        assertThat(events(SiteProvisioned.class, tenant)).isEmpty();
    }

    @Test
    void anOlderAttemptsFailureAfterARetryLeavesTheNewerAttemptsSiteAlone() {
        TenantRequested request = provisioned("older");
        UUID tenant = request.getTenantId();
        String site = request.getSignup().getSiteName();
        Requests.send(provisioner, attempt(request, 2, Duration.ofMinutes(10)));
        await().atMost(Duration.ofSeconds(90)).until(() -> !ofAttempt(tenant, 2).isEmpty());

        RecordMetadata late = Publish.event(
                "/benchline/verifier-service", failure(request, 1, FailureStage.VERIFY, FailureReason.KEYS_REJECTED));
        RunningService.awaitConsumed(group + "-credentials-failed", late);

        assertThat(host.count(site, "drop-site")).isZero();
        assertThat(host.simulator.site(site))
                .hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(SimulatedSiteState.READY));
        JsonNode entry = ledger(tenant);
        assertThat(entry.path("apiSecret").isNull()).isFalse();
        assertThat(entry.path("finished").toString()).contains("CREATE_SITE");
        assertThat(events(SiteOperationCompleted.class, tenant)).isEmpty();
    }

    @Test
    void aSubdomainTakenFailureLeavesTheOtherTenantsSiteAlone() {
        TenantRequested owner = provisioned("taken");
        String site = owner.getSignup().getSiteName();
        TenantRequested second = Requests.forSubdomain(owner.getSignup().getSubdomain());
        Requests.send(provisioner, second);
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        !events(ProvisioningFailed.class, second.getTenantId()).isEmpty());
        ProvisioningFailed taken =
                events(ProvisioningFailed.class, second.getTenantId()).get(0);
        assertThat(taken.getReason()).isEqualTo(FailureReason.SUBDOMAIN_TAKEN);

        // Sent again behind the provisioner's own record: once it is consumed, so is the original.
        RecordMetadata again = Publish.event("/benchline/provisioner-service", taken);
        RunningService.awaitConsumed(group + "-credentials-failed", again);

        assertThat(host.count(site, "drop-site")).isZero();
        assertThat(host.simulator.site(site))
                .hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(SimulatedSiteState.READY));
        assertThat(events(SiteOperationCompleted.class, second.getTenantId())).isEmpty();
    }

    /** A tenant provisioned for attempt 1 (SiteProvisioned published): a later stage may fail it now. */
    private static TenantRequested provisioned(String prefix) {
        TenantRequested request = Requests.forSubdomain(Requests.subdomain(prefix));
        Requests.send(provisioner, request);
        await().atMost(Duration.ofSeconds(90))
                .until(() -> !ofAttempt(request.getTenantId(), 1).isEmpty());
        return request;
    }

    private static ProvisioningFailed fail(
            TenantRequested request, FailureStage stage, FailureReason reason, String source) {
        ProvisioningFailed failed = failure(request, request.getSignup().getAttempt(), stage, reason);
        Publish.event(source, failed);
        return failed;
    }

    private static ProvisioningFailed failure(
            TenantRequested request, int attempt, FailureStage stage, FailureReason reason) {
        return ProvisioningFailed.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(request.getTenantId())
                .setOccurredAt(Instant.now())
                .setStage(stage)
                .setReason(reason)
                .setMessage(stage + " failed in a test")
                .setRetryable(true)
                .setSubdomain(request.getSignup().getSubdomain())
                .setAttempt(attempt)
                .build();
    }

    /** The same signup as signup-service emits it for {@code attempt}, due {@code deadlineIn} from now. */
    private static TenantRequested attempt(TenantRequested original, int attempt, Duration deadlineIn) {
        Instant now = Instant.now();
        return TenantRequested.newBuilder(original)
                .setEventId(UUID.randomUUID())
                .setOccurredAt(now)
                .setSignup(Signup.newBuilder(original.getSignup())
                        .setAttempt(attempt)
                        .setRequestedAt(now)
                        .setDeadlineAt(now.plus(deadlineIn))
                        .build())
                .build();
    }

    private static List<SiteProvisioned> ofAttempt(UUID tenant, int attempt) {
        return events(SiteProvisioned.class, tenant).stream()
                .filter(p -> p.getSignup().getAttempt() == attempt)
                .toList();
    }

    /** Gone from the host: never there, or dropped (bench moves a dropped site to archived/sites). */
    private static void awaitSiteGone(String site) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> host.simulator
                        .site(site)
                        .map(s -> s.state() == SimulatedSiteState.ARCHIVED)
                        .orElse(true));
    }

    private static void awaitNoCredentials(UUID tenant) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode entry = ledger(tenant);
            return entry.path("apiSecret").isNull() && entry.path("apiKey").isNull();
        });
    }

    private static double removedFailed() {
        return provisioner
                .bean(MeterRegistry.class)
                .counter("benchline.tenants.removed", "reason", "failed")
                .count();
    }

    private static JsonNode ledger(UUID tenant) {
        List<TopicDump.RawRecord> records =
                TopicDump.of(KafkaTestBroker.bootstrapServers(), "provisioner.ledger." + group).stream()
                        .filter(r -> tenant.toString().equals(r.keyText()))
                        .toList();
        assertThat(records).isNotEmpty();
        return JsonMapper.builder()
                .build()
                .readTree(records.get(records.size() - 1).value());
    }
}
