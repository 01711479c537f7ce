package io.benchline.signup;

import static io.benchline.signup.SignupServiceIntegrationTests.completed;
import static io.benchline.signup.SignupServiceIntegrationTests.signup;
import static io.benchline.signup.SignupServiceIntegrationTests.uniqueSubdomain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * The outputs somebody waits for do not wait for the Streams commit interval: a claim's decision and request (the
 * POST and the provisioner wait), the signup's first status (the POST waits for it too) and a terminal status (the
 * customer's stream). The instance here commits on its interval only every two minutes, so whatever becomes visible
 * within the test's waits was committed on request.
 */
class SignupCommitRequestTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(20);

    @TempDir
    static Path state;

    @AutoClose
    private static SignupInstance instance;

    @BeforeAll
    static void start() {
        instance = SignupInstance.start(
                state,
                Map.of(
                        "spring.kafka.streams.properties.commit.interval.ms", "120000",
                        // Streams refuses a transaction timeout shorter than the commit interval.
                        "spring.kafka.streams.properties.producer.transaction.timeout.ms", "180000"));
    }

    @Test
    void aClaimAndTheFirstStatusAreCommittedAtOnceSoThePostIsAnsweredAndTheRequestPublished() {
        String subdomain = uniqueSubdomain("commit");
        long started = System.nanoTime();
        UUID tenantId = signUp(subdomain);

        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("answered from a committed decision, long before the commit interval")
                .isLessThan(VISIBLE_WITHIN);
        await().atMost(VISIBLE_WITHIN)
                .until(() -> !TopicDump.events(TenantRequested.class, tenantId).isEmpty());
        // The POST waits for this first status in the view (up to the status-visibility timeout).
        await().atMost(VISIBLE_WITHIN).until(() -> "accepted".equals(status(tenantId)));
    }

    @Test
    void aTerminalStatusIsCommittedAtOnceSoTheCustomerSeesIt() {
        String subdomain = uniqueSubdomain("done");
        UUID tenantId = signUp(subdomain);

        instance.publish(completed(tenantId, subdomain));

        await().atMost(VISIBLE_WITHIN).until(() -> "completed".equals(status(tenantId)));
    }

    private static UUID signUp(String subdomain) {
        JsonNode accepted = instance.client()
                .post()
                .uri("/api/signups")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(JSON.writeValueAsBytes(signup("Commit Ltd", subdomain, "commit@example.com")))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        return UUID.fromString(accepted.get("tenantId").asString());
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
