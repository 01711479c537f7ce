package io.benchline.operator.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchline.operator.OperatorApplication;
import io.benchline.testing.RunningService;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The operator API's bearer-token rules, over real HTTP with real RS256 tokens against the running service. */
class OperatorSecurityTests {

    @TempDir
    static Path folder;

    private static TestTokens tokens;
    private static OperatorInstance operator;

    @BeforeAll
    static void start() {
        tokens = new TestTokens(folder);
        operator = OperatorInstance.start(tokens, folder.resolve("state"));
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void requestWithoutTokenIsUnauthorizedWithBearerChallenge() {
        assertUnauthorized(operator.client(), "Bearer");
    }

    @Test
    void tokenSignedByAnotherKeyIsUnauthorized() {
        String forged = tokens.claims("mallory", "ops:read ops:write").signByStranger();
        assertUnauthorized(operator.client(forged), "Bearer error=\"invalid_token\"");
    }

    @Test
    void tokenOfAnotherIssuerIsUnauthorized() {
        String token = tokens.claims("jane", "ops:read")
                .issuer("https://elsewhere.example")
                .sign();
        assertUnauthorized(operator.client(token), "Bearer error=\"invalid_token\"");
    }

    @Test
    void tokenForAnotherAudienceIsUnauthorized() {
        String token = tokens.claims("jane", "ops:read").audience("billing-api").sign();
        assertUnauthorized(operator.client(token), "Bearer error=\"invalid_token\"");
    }

    @Test
    void expiredTokenIsUnauthorized() {
        // Beyond the validator's 60 s clock skew.
        String token = tokens.claims("jane", "ops:read")
                .expiresAt(Instant.now().minusSeconds(300))
                .sign();
        assertUnauthorized(operator.client(token), "Bearer error=\"invalid_token\"");
    }

    @Test
    void tokenNotValidYetIsUnauthorized() {
        String token = tokens.claims("jane", "ops:read")
                .notBefore(Instant.now().plusSeconds(600))
                .sign();
        assertUnauthorized(operator.client(token), "Bearer error=\"invalid_token\"");
    }

    @Test
    void garbageTokenIsUnauthorized() {
        assertUnauthorized(operator.client("not.a.jwt"), "Bearer error=\"invalid_token\"");
    }

    @Test
    void readOnlyTokenReadsButCannotWrite() {
        WebTestClient readOnly = operator.client(tokens.token("local-readonly", "ops:read"));
        readOnly.get().uri("/ops/signups").exchange().expectStatus().isOk();

        readOnly.post()
                .uri("/ops/signups/{id}/retry", "00000000-0000-0000-0000-000000000001")
                .header("Idempotency-Key", "k-1")
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .value(HttpHeaders.WWW_AUTHENTICATE, v -> assertThat(v).contains("insufficient_scope"))
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(403);
    }

    @Test
    void writeTokenAlsoReads() {
        operator.client(tokens.token("local-operator", "ops:write"))
                .get()
                .uri("/ops/tenants")
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void tokenWithoutOpsScopeIsForbidden() {
        operator.client(tokens.token("jane", "profile email"))
                .get()
                .uri("/ops/signups")
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void healthPrometheusAndApiDocsNeedNoTokenEvenWithABadOne() {
        for (String path : new String[] {
            "/actuator/health",
            "/actuator/health/readiness",
            "/actuator/prometheus",
            "/v3/api-docs",
            "/v3/api-docs.yaml"
        }) {
            operator.client().get().uri(path).exchange().expectStatus().isOk();
            operator.client("not.a.jwt")
                    .get()
                    .uri(path)
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
    }

    @Test
    void everythingElseWantsAToken() {
        operator.client().get().uri("/actuator/info").exchange().expectStatus().isUnauthorized();
        operator.client().get().uri("/actuator/env").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void refusesToStartWithoutAnIssuer() {
        Map<String, Object> properties =
                new HashMap<>(OperatorInstance.properties(tokens, folder.resolve("no-issuer")));
        properties.put("benchline.operator.security.issuer", "");
        assertThatThrownBy(() -> RunningService.start(
                                new Class<?>[] {OperatorApplication.class, IsolatedNettyResources.class}, properties)
                        .close())
                .satisfies(e -> assertThat(causes(e)).contains("benchline.operator.security.issuer"));
    }

    private static void assertUnauthorized(WebTestClient client, String challenge) {
        client.get()
                .uri("/ops/signups")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.UNAUTHORIZED)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .value(HttpHeaders.WWW_AUTHENTICATE, v -> assertThat(v).startsWith(challenge))
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(401)
                .jsonPath("$.title")
                .isEqualTo("Unauthorized");
        client.post()
                .uri("/ops/tenants/{id}/suspend", "00000000-0000-0000-0000-000000000001")
                .header("Idempotency-Key", "k-1")
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    private static String causes(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
