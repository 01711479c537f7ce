package io.benchline.signup;

import static io.benchline.signup.SignupServiceIntegrationTests.failed;
import static io.benchline.signup.SignupServiceIntegrationTests.signup;
import static io.benchline.signup.SignupServiceIntegrationTests.uniqueSubdomain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.FailureReason;
import io.benchline.events.FailureStage;
import io.benchline.events.OperatorAction;
import io.benchline.events.OperatorCommandIssued;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.TenantRequested;
import io.benchline.signup.access.StreamAccess;
import io.benchline.testing.TopicDump;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * With a retry window that has always passed by the time a RETRY arrives, the retry is refused: no request is sent
 * again, and the refused attempt ends with a SIGNUP failure saying why.
 */
class SignupRetryWindowTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path state;

    @AutoClose
    private static SignupInstance instance;

    @BeforeAll
    static void start() {
        instance = SignupInstance.start(state, Map.of("benchline.signup.retry-window", "1ms"));
    }

    @Test
    void aRetryPastTheRetryWindowIsRefused() {
        String subdomain = uniqueSubdomain("late");
        JsonNode accepted = instance.client()
                .post()
                .uri("/api/signups")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(JSON.writeValueAsBytes(signup("Late Ltd", subdomain, "late@example.com")))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        UUID tenantId = UUID.fromString(accepted.get("tenantId").asString());
        instance.publish(failed(tenantId, FailureStage.PROVISION, FailureReason.BENCH_COMMAND_FAILED));
        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(status(tenantId)));

        instance.publish(OperatorCommandIssued.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenantId)
                .setOccurredAt(Instant.now())
                .setCommandId(UUID.randomUUID())
                .setAction(OperatorAction.RETRY)
                .setOperator("test-operator")
                .setIdempotencyKey("key-1")
                .build());

        // The refusal ends attempt 2 at once with a reason the operator reads in the timeline; nothing is re-sent.
        await().atMost(Duration.ofSeconds(20))
                .until(() -> TopicDump.events(ProvisioningFailed.class, tenantId).stream()
                        .anyMatch(f -> f.getAttempt() == 2));
        ProvisioningFailed refusal = TopicDump.events(ProvisioningFailed.class, tenantId).stream()
                .filter(f -> f.getAttempt() == 2)
                .findFirst()
                .orElseThrow();
        assertThat(refusal.getStage()).isEqualTo(FailureStage.SIGNUP);
        assertThat(refusal.getMessage()).startsWith("retry refused:").contains("signs up again");
        assertThat(refusal.getRetryable()).isFalse();
        assertThat(TopicDump.events(TenantRequested.class, tenantId)).hasSize(1);
        assertThat(status(tenantId)).isEqualTo("failed");
    }

    private static String status(UUID tenantId) {
        String token =
                instance.bean(StreamAccess.class).issue(tenantId, Instant.now().plusSeconds(600));
        var result = instance.client()
                .get()
                .uri("/api/signups/" + tenantId + "?token=" + token)
                .exchange()
                .expectBody(JsonNode.class)
                .returnResult();
        return result.getStatus().is2xxSuccessful()
                ? result.getResponseBody().path("status").asString(null)
                : null;
    }
}
