package io.benchline.signup;

import static io.benchline.signup.SignupServiceIntegrationTests.completed;
import static io.benchline.signup.SignupServiceIntegrationTests.failed;
import static io.benchline.signup.SignupServiceIntegrationTests.progress;
import static io.benchline.signup.SignupServiceIntegrationTests.requested;
import static io.benchline.signup.SignupServiceIntegrationTests.signup;
import static io.benchline.signup.SignupServiceIntegrationTests.uniqueSubdomain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.DeletionReason;
import io.benchline.events.FailureReason;
import io.benchline.events.FailureStage;
import io.benchline.events.OperatorAction;
import io.benchline.events.OperatorCommandIssued;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.SignupCompleted;
import io.benchline.events.StepPhase;
import io.benchline.events.TenantDeleted;
import io.benchline.events.TenantRequested;
import io.benchline.signup.access.StreamAccess;
import io.benchline.testing.TopicDump;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An operator's RETRY ({@code OperatorCommandIssued} on {@code tenant.operator-commands}) and the subdomain
 * quarantine after {@code TenantDeleted}, on a real broker: the operator-service's events are published here as it
 * would publish them.
 */
class SignupRetryTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration QUARANTINE = Duration.ofSeconds(5);

    @TempDir
    static Path state;

    @AutoClose
    private static SignupInstance instance;

    @BeforeAll
    static void start() {
        instance = SignupInstance.start(
                state, Map.of("benchline.signup.subdomain-quarantine", QUARANTINE.toMillis() + "ms"));
    }

    @Test
    void retryOfAFailedSignupSendsTheOriginalRequestOnceAsTheNextAttemptWithANewDeadline() {
        String subdomain = uniqueSubdomain("again");
        UUID tenantId = signUp(subdomain);
        TenantRequested first = requests(tenantId).get(0);
        publish(failed(tenantId, FailureStage.PROVISION, FailureReason.BENCH_COMMAND_FAILED));
        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(status(tenantId)));

        OperatorCommandIssued retry = retry(tenantId, "key-1");
        publish(retry);

        await().atMost(Duration.ofSeconds(20)).until(() -> requests(tenantId).size() == 2);
        TenantRequested second = requests(tenantId).get(1);
        assertThat(second.getSignup().getAttempt()).isEqualTo(2);
        assertThat(second.getEventId()).isNotEqualTo(first.getEventId());
        assertThat(second.getSignup().getPassword())
                .as("the original sealed password, still sealed")
                .isEqualTo(first.getSignup().getPassword());
        assertThat(second.getSignup().getSubdomain()).isEqualTo(subdomain);
        assertThat(second.getSignup().getRequestedAt())
                .isAfter(first.getSignup().getRequestedAt());
        assertThat(second.getSignup().getDeadlineAt()).isAfter(first.getSignup().getDeadlineAt());
        assertThat(Duration.between(
                        second.getSignup().getRequestedAt(), second.getSignup().getDeadlineAt()))
                .isEqualTo(Duration.ofMinutes(30));
        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(status(tenantId)));
        await().atMost(Duration.ofSeconds(20)).until(() -> !availableNow(subdomain));
        JsonNode retried = statusBody(tenantId);
        assertThat(retried.get("attempt").asInt()).isEqualTo(2);
        assertThat(retried.get("steps")).hasSize(1);
        assertThat(retried.get("steps").get(0).get("id").asLong())
                .as("step ids continue after attempt 1's, so Last-Event-ID stays meaningful")
                .isGreaterThan(1);

        // A late redelivery of attempt 1's failure does not end attempt 2; attempt 2's progress shows.
        publish(failed(tenantId, FailureStage.PROVISION, FailureReason.BENCH_COMMAND_FAILED));
        publish(progress(tenantId, ProvisioningStep.CHOOSE_HOST, StepPhase.STARTED));
        await().atMost(Duration.ofSeconds(20)).until(() -> "provisioning".equals(status(tenantId)));

        // The same command again, once attempt 2 failed too: applied once, so no attempt 3.
        publish(withAttempt(failed(tenantId, FailureStage.PROVISION, FailureReason.BENCH_COMMAND_FAILED), 2));
        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(status(tenantId)));
        publish(OperatorCommandIssued.newBuilder(retry)
                .setEventId(UUID.randomUUID())
                .build());
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .until(() -> requests(tenantId).size() == 2);

        // Another command (another idempotency key) retries attempt 2.
        publish(retry(tenantId, "key-2"));
        await().atMost(Duration.ofSeconds(20)).until(() -> requests(tenantId).size() == 3);
        assertThat(requests(tenantId).get(2).getSignup().getAttempt()).isEqualTo(3);
    }

    @Test
    void retryOfACompletedOrRunningSignupDoesNothing() {
        UUID done = UUID.randomUUID();
        String doneSubdomain = uniqueSubdomain("done");
        publish(requested(done, doneSubdomain, Instant.now().plusSeconds(600)));
        publish(withAttempt(completed(done, doneSubdomain), 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> "completed".equals(status(done)));

        String runningSubdomain = uniqueSubdomain("running");
        UUID running = signUp(runningSubdomain);

        publish(retry(done, "key-1"));
        publish(retry(running, "key-1"));

        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .until(() -> requests(done).size() == 1
                        && requests(running).size() == 1
                        && failures(done).isEmpty()
                        && failures(running).isEmpty());
        assertThat(status(done)).isEqualTo("completed");
        assertThat(status(running)).isEqualTo("accepted");
    }

    @Test
    void retryWhenAnotherSignupTookTheSubdomainFailsTheNextAttemptAsSubdomainTaken() {
        String subdomain = uniqueSubdomain("gone");
        UUID first = signUp(subdomain);
        publish(failed(first, FailureStage.VERIFY, FailureReason.SITE_UNREACHABLE));
        await().atMost(Duration.ofSeconds(20)).until(() -> availableNow(subdomain));
        UUID second = signUp(subdomain);

        publish(retry(first, "key-1"));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> failures(first).stream().anyMatch(f -> f.getStage() == FailureStage.SIGNUP));
        ProvisioningFailed refused = failures(first).stream()
                .filter(f -> f.getStage() == FailureStage.SIGNUP)
                .findFirst()
                .orElseThrow();
        assertThat(refused.getReason()).isEqualTo(FailureReason.SUBDOMAIN_TAKEN);
        assertThat(refused.getAttempt()).isEqualTo(2);
        assertThat(refused.getRetryable()).isFalse();
        assertThat(refused.getMessage()).contains("retry refused", subdomain);
        assertThat(requests(first)).hasSize(1);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> "subdomain_taken"
                        .equals(statusBody(first).path("failure").path("reason").asString(null)));
        assertThat(status(second)).isEqualTo("accepted");
        assertThat(availableNow(subdomain)).isFalse();
    }

    @Test
    void aDeprovisionedTenantsSubdomainIsReleasedAfterTheQuarantine() {
        String subdomain = uniqueSubdomain("gone");
        UUID tenantId = signUp(subdomain);
        publish(withAttempt(completed(tenantId, subdomain), 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> "completed".equals(status(tenantId)));
        assertThat(availableNow(subdomain)).isFalse();

        publish(TenantDeleted.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenantId)
                .setOccurredAt(Instant.now())
                .setReason(DeletionReason.DEPROVISIONED)
                .setSubdomain(subdomain)
                .build());

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> !availableNow(subdomain));
        await().atMost(Duration.ofSeconds(30)).until(() -> availableNow(subdomain));
        assertThat(signUp(subdomain)).isNotEqualTo(tenantId);
    }

    private static OperatorCommandIssued retry(UUID tenantId, String idempotencyKey) {
        UUID commandId = UUID.nameUUIDFromBytes(
                ("benchline:ops:" + tenantId + ":RETRY:" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
        return OperatorCommandIssued.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenantId)
                .setOccurredAt(Instant.now())
                .setCommandId(commandId)
                .setAction(OperatorAction.RETRY)
                .setOperator("test-operator")
                .setReason("retry from a test")
                .setIdempotencyKey(idempotencyKey)
                .build();
    }

    private static ProvisioningFailed withAttempt(ProvisioningFailed failed, int attempt) {
        return ProvisioningFailed.newBuilder(failed).setAttempt(attempt).build();
    }

    private static SignupCompleted withAttempt(SignupCompleted completed, int attempt) {
        return SignupCompleted.newBuilder(completed).setAttempt(attempt).build();
    }

    private static UUID signUp(String subdomain) {
        JsonNode accepted = instance.client()
                .post()
                .uri("/api/signups")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(JSON.writeValueAsBytes(signup("Again Ltd", subdomain, "again@example.com")))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        return UUID.fromString(accepted.get("tenantId").asString());
    }

    private static List<TenantRequested> requests(UUID tenantId) {
        return TopicDump.events(TenantRequested.class, tenantId).stream()
                .sorted(Comparator.comparingInt(r -> r.getSignup().getAttempt()))
                .toList();
    }

    private static List<ProvisioningFailed> failures(UUID tenantId) {
        return TopicDump.events(ProvisioningFailed.class, tenantId);
    }

    private static String status(UUID tenantId) {
        return statusBody(tenantId).path("status").asString(null);
    }

    private static JsonNode statusBody(UUID tenantId) {
        String token =
                instance.bean(StreamAccess.class).issue(tenantId, Instant.now().plusSeconds(600));
        var result = instance.client()
                .get()
                .uri("/api/signups/" + tenantId + "?token=" + token)
                .exchange()
                .expectBody(JsonNode.class)
                .returnResult();
        return result.getStatus().is2xxSuccessful() ? result.getResponseBody() : JSON.createObjectNode();
    }

    private static boolean availableNow(String subdomain) {
        return instance.client()
                .get()
                .uri("/api/subdomains/" + subdomain)
                .exchange()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("available")
                .asBoolean();
    }

    private static void publish(org.apache.avro.specific.SpecificRecord event) {
        instance.publish(event);
    }
}
