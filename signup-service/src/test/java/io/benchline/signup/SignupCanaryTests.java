package io.benchline.signup;

import static io.benchline.signup.SignupServiceIntegrationTests.signup;
import static io.benchline.signup.SignupServiceIntegrationTests.uniqueSubdomain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.TenantRequested;
import io.benchline.testing.CapturedLogs;
import io.benchline.testing.TopicDump;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
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
 * The canary's tag on a real instance: {@code X-Benchline-Canary} whose SHA-256 is the configured hash marks the
 * signup synthetic; any other value is refused with 403 and changes nothing; no header is a customer's signup.
 */
class SignupCanaryTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOKEN = "canary-" + UUID.randomUUID();

    @TempDir
    static Path state;

    @AutoClose
    private static SignupInstance instance;

    @BeforeAll
    static void start() throws Exception {
        String hash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes(StandardCharsets.UTF_8)));
        instance = SignupInstance.start(state, Map.of("benchline.signup.canary.token-sha256", hash));
    }

    @Test
    void theCanarysCredentialMarksTheSignupSynthetic() {
        String subdomain = uniqueSubdomain("canary");
        UUID tenantId = accepted(post(subdomain, TOKEN));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> TopicDump.events(TenantRequested.class, tenantId), found -> !found.isEmpty());
        var signup = TopicDump.events(TenantRequested.class, tenantId).get(0).getSignup();
        assertThat(signup.getSynthetic()).isTrue();
        assertThat(signup.getAttempt()).isEqualTo(1);
        assertThat(signup.getEmailVerificationRequired()).isFalse();
    }

    @Test
    void withoutTheHeaderASignupIsACustomers() {
        UUID tenantId = accepted(post(uniqueSubdomain("customer"), null));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> TopicDump.events(TenantRequested.class, tenantId), found -> !found.isEmpty());
        assertThat(TopicDump.events(TenantRequested.class, tenantId)
                        .get(0)
                        .getSignup()
                        .getSynthetic())
                .isFalse();
    }

    @Test
    void aWrongCredentialIsRefusedChangesNothingAndIsNeverLogged() {
        String subdomain = uniqueSubdomain("forged");
        String forged = "forged-" + UUID.randomUUID();
        try (CapturedLogs logs = CapturedLogs.start()) {
            JsonNode problem = post(subdomain, forged)
                    .expectStatus()
                    .isEqualTo(HttpStatus.FORBIDDEN)
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(JsonNode.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(problem.get("detail").asString()).isEqualTo("canary credential not accepted");
            assertThat(String.join("\n", logs.lines())).doesNotContain(forged).doesNotContain(TOKEN);
        }
        // Nothing changed: the name is still free and no request for it was published.
        JsonNode availability = instance.client()
                .get()
                .uri("/api/subdomains/" + subdomain)
                .exchange()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(availability.get("available").asBoolean()).isTrue();
    }

    @Test
    void theHeaderIsDocumentedOnPostSignups() {
        JsonNode document = instance.client()
                .get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        JsonNode post = document.at("/paths/~1api~1signups/post");
        List<String> headers = post.get("parameters")
                .valueStream()
                .filter(p -> "header".equals(p.get("in").asString()))
                .map(p -> p.get("name").asString())
                .toList();
        assertThat(headers).contains("X-Benchline-Canary");
        assertThat(post.at("/responses/403").isMissingNode()).isFalse();
    }

    private static WebTestClient.ResponseSpec post(String subdomain, String canary) {
        return instance.client()
                .post()
                .uri("/api/signups")
                .contentType(MediaType.APPLICATION_JSON)
                .headers(headers -> {
                    if (canary != null) {
                        headers.set("X-Benchline-Canary", canary);
                    }
                })
                .bodyValue(JSON.writeValueAsBytes(signup("Canary Ltd", subdomain, "canary@example.com")))
                .exchange();
    }

    private static UUID accepted(WebTestClient.ResponseSpec response) {
        JsonNode body = response.expectStatus()
                .isAccepted()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        return UUID.fromString(body.get("tenantId").asString());
    }
}
