package io.benchline.signup;

import static io.benchline.signup.SignupServiceIntegrationTests.failed;
import static io.benchline.signup.SignupServiceIntegrationTests.progress;
import static io.benchline.signup.SignupServiceIntegrationTests.signup;
import static io.benchline.signup.SignupServiceIntegrationTests.uniqueSubdomain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.FailureReason;
import io.benchline.events.FailureStage;
import io.benchline.events.OperatorAction;
import io.benchline.events.OperatorCommandIssued;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.SiteOperation;
import io.benchline.events.SiteOperationCompleted;
import io.benchline.events.StepPhase;
import io.benchline.events.TenantRequested;
import io.benchline.signup.access.StreamAccess;
import io.benchline.testing.TopicDump;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A failed signup whose site the provisioner had started keeps its subdomain until the provisioner reports the
 * site's {@code SiteOperationCompleted(DROP)}, on a real broker: the provisioner's and operator's events are
 * published here as they would publish them. Released at once, the name could go to another customer whose new site
 * the late drop would remove.
 */
class SignupSiteHoldTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Longer than every other test here needs a name held; the last one waits it out. */
    private static final Duration SITE_DROP_WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path state;

    @AutoClose
    private static SignupInstance instance;

    @BeforeAll
    static void start() {
        instance = SignupInstance.start(
                state, Map.of("benchline.signup.site-drop-wait", SITE_DROP_WAIT.toMillis() + "ms"));
    }

    @Test
    void aUserStageFailureAfterCreateSiteKeepsTheSubdomainTakenUntilTheSiteIsDropped() {
        String subdomain = uniqueSubdomain("held");
        UUID tenantId = signUp(subdomain);
        publish(progress(tenantId, ProvisioningStep.CHOOSE_HOST, StepPhase.FINISHED));
        publish(progress(tenantId, ProvisioningStep.CREATE_SITE, StepPhase.STARTED));
        publish(failed(tenantId, FailureStage.USER, FailureReason.USER_REJECTED));
        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(status(tenantId)));

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> !availableNow(subdomain));
        post(subdomain).expectStatus().isEqualTo(HttpStatus.CONFLICT);
        assertThat(statusBody(tenantId).path("failure").path("message").asString(""))
                .as("the customer is not told the name is free while it is not")
                .contains("once anything we set up for it is removed");

        // A drop that failed leaves the site there: still held.
        publish(drop(tenantId, SiteHoldIds.signupFailed(tenantId, 1), false));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> !availableNow(subdomain));

        publish(drop(tenantId, SiteHoldIds.signupFailed(tenantId, 1), true));
        await().atMost(Duration.ofSeconds(20)).until(() -> availableNow(subdomain));
        post(subdomain).expectStatus().isAccepted();
    }

    @Test
    void aFailureBeforeAnySiteStepReleasesTheSubdomainAtOnce() {
        String subdomain = uniqueSubdomain("free");
        UUID tenantId = signUp(subdomain);
        publish(progress(tenantId, ProvisioningStep.CHOOSE_HOST, StepPhase.STARTED));
        publish(failed(tenantId, FailureStage.PROVISION, FailureReason.NO_BENCH_HOST_AVAILABLE));

        await().atMost(Duration.ofSeconds(20)).until(() -> availableNow(subdomain));
        post(subdomain).expectStatus().isAccepted();
    }

    @Test
    void subdomainTakenAtCreateSiteIsReleasedAtOnceForNoDropWillCome() {
        String subdomain = uniqueSubdomain("taken");
        UUID tenantId = signUp(subdomain);
        publish(progress(tenantId, ProvisioningStep.CREATE_SITE, StepPhase.STARTED));
        publish(failed(tenantId, FailureStage.PROVISION, FailureReason.SUBDOMAIN_TAKEN));

        await().atMost(Duration.ofSeconds(20)).until(() -> availableNow(subdomain));
    }

    @Test
    void aDropReportedBeforeTheFailureReleasesTheSubdomainWithTheFailure() {
        String subdomain = uniqueSubdomain("early");
        UUID tenantId = signUp(subdomain);
        publish(progress(tenantId, ProvisioningStep.CLAIM_STANDBY, StepPhase.STARTED));
        await().atMost(Duration.ofSeconds(20)).until(() -> "provisioning".equals(status(tenantId)));
        publish(drop(tenantId, SiteHoldIds.signupFailed(tenantId, 1), true));
        publish(failed(tenantId, FailureStage.VERIFY, FailureReason.SITE_UNREACHABLE));

        await().atMost(Duration.ofSeconds(20)).until(() -> availableNow(subdomain));
    }

    @Test
    void aRetryOfAHeldSignupReclaimsItsSubdomainAndALateDropOfTheFailedAttemptDoesNotFreeIt() {
        String subdomain = uniqueSubdomain("again");
        UUID tenantId = signUp(subdomain);
        publish(progress(tenantId, ProvisioningStep.CREATE_SITE, StepPhase.STARTED));
        publish(failed(tenantId, FailureStage.VERIFY, FailureReason.SITE_UNREACHABLE));
        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(status(tenantId)));
        assertThat(availableNow(subdomain)).isFalse();

        publish(retry(tenantId));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> TopicDump.events(TenantRequested.class, tenantId).stream()
                        .anyMatch(r -> r.getSignup().getAttempt() == 2));
        await().atMost(Duration.ofSeconds(20)).until(() -> "accepted".equals(status(tenantId)));
        assertThat(TopicDump.events(ProvisioningFailed.class, tenantId))
                .as("the re-claim was not refused")
                .noneMatch(f -> f.getStage() == FailureStage.SIGNUP);

        // Attempt 1's site dropped late: attempt 2 runs under the name, which stays its own.
        publish(drop(tenantId, SiteHoldIds.signupFailed(tenantId, 1), true));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> !availableNow(subdomain));
        post(subdomain).expectStatus().isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void aHeldSubdomainIsReleasedAfterTheSiteDropWaitWhenNoDropIsEverReported() {
        String subdomain = uniqueSubdomain("bound");
        UUID tenantId = signUp(subdomain);
        publish(progress(tenantId, ProvisioningStep.CREATE_SITE, StepPhase.STARTED));
        publish(failed(tenantId, FailureStage.PROVISION, FailureReason.BENCH_COMMAND_FAILED));
        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(status(tenantId)));
        Instant failedBy = Instant.now();

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> !availableNow(subdomain));
        await().atMost(SITE_DROP_WAIT.plusSeconds(40)).until(() -> availableNow(subdomain));
        assertThat(Duration.between(failedBy, Instant.now()))
                .as("released by the bound, not at once")
                .isGreaterThanOrEqualTo(SITE_DROP_WAIT.minusSeconds(5));
    }

    /** The provisioner's operation ids (TenantRemoval), as signup-service must recognise them. */
    private static final class SiteHoldIds {
        static UUID signupFailed(UUID tenantId, int attempt) {
            return UUID.nameUUIDFromBytes(
                    ("benchline:site-op:signup-failed:" + tenantId + ":" + attempt).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static SiteOperationCompleted drop(UUID tenantId, UUID operationId, boolean succeeded) {
        return SiteOperationCompleted.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenantId)
                .setOccurredAt(Instant.now())
                .setOperationId(operationId)
                .setOperation(SiteOperation.DROP)
                .setSucceeded(succeeded)
                .setMessage(succeeded ? null : "drop-site failed on the host")
                .setBenchHost("bench-1")
                .setSiteName("site.localhost")
                .build();
    }

    private static OperatorCommandIssued retry(UUID tenantId) {
        return OperatorCommandIssued.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenantId)
                .setOccurredAt(Instant.now())
                .setCommandId(UUID.randomUUID())
                .setAction(OperatorAction.RETRY)
                .setOperator("test-operator")
                .setReason("retry from a test")
                .setIdempotencyKey("key-1")
                .build();
    }

    private static UUID signUp(String subdomain) {
        JsonNode accepted = post(subdomain)
                .expectStatus()
                .isAccepted()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        return UUID.fromString(accepted.get("tenantId").asString());
    }

    private static WebTestClient.ResponseSpec post(String subdomain) {
        return instance.client()
                .post()
                .uri("/api/signups")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(JSON.writeValueAsBytes(signup("Held Ltd", subdomain, "held@example.com")))
                .exchange();
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
