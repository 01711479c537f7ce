package io.benchline.signup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document against the running service: exactly the routes the dispatcher serves (nothing more,
 * nothing missing), and every status a real request gets back is one the document lists for that operation.
 */
class ApiDocumentTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path state;

    private static SignupInstance instance;
    private static JsonNode document;

    @BeforeAll
    static void start() {
        instance = SignupInstance.start(state.resolve("api-doc"), Map.of());
        byte[] body = instance.client()
                .get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();
        document = JSON.readTree(body);
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    @Test
    void theDocumentHasExactlyTheRoutesTheServiceServes() {
        Set<String> served = new TreeSet<>();
        instance.bean(RequestMappingHandlerMapping.class).getHandlerMethods().forEach((info, handler) -> {
            if (!handler.getBeanType().getPackageName().startsWith("io.benchline.")) {
                return; // springdoc's own /v3/api-docs
            }
            for (var pattern : info.getPatternsCondition().getPatterns()) {
                for (var method : info.getMethodsCondition().getMethods()) {
                    served.add(method.name() + " " + pattern.getPatternString());
                }
            }
        });

        assertThat(served).as("the service serves its API").contains("POST /api/signups");
        assertThat(documentedOperations()).isEqualTo(served);
    }

    @Test
    void everyOperationStatesItsAnswersAndTheCredentialItNeeds() {
        JsonNode paths = document.get("paths");
        for (String operation : documentedOperations()) {
            JsonNode spec = operation(operation);
            Set<String> statuses = statuses(operation);
            assertThat(statuses)
                    .as(operation + ": a success status and the start-up refusal")
                    .anyMatch(s -> s.startsWith("2") || s.startsWith("3"))
                    .contains("503");
            assertThat(statuses)
                    .as(operation + ": no catch-all answers inherited from the exception handlers")
                    .doesNotContain("500", "405", "406");
            String path = operation.substring(operation.indexOf(' ') + 1);
            if (path.startsWith("/api/signups/{tenantId}")) {
                assertThat(statuses)
                        .as(operation + " needs the signup's credential")
                        .contains("401", "404");
                assertThat(spec.get("security")).as(operation).isNotNull();
            }
        }
        assertThat(paths.get("/api/signups")
                        .get("post")
                        .get("responses")
                        .get("202")
                        .get("content"))
                .as("the accepted signup's body is described")
                .isNotNull();
        assertThat(document.at("/components/schemas/Problem").isMissingNode()).isFalse();
        assertThat(document.at("/components/schemas/SignupRequest/properties/password/type")
                        .asString())
                .as("the password is a string in the request, not an internal type")
                .isEqualTo("string");
        assertThat(document.at("/paths/~1api~1signups~1{tenantId}/get/responses/200/content/application~1json")
                        .isMissingNode())
                .isFalse();
    }

    @Test
    void whatTheEndpointsReallyAnswerIsDocumented() {
        UUID stranger = UUID.randomUUID();
        for (String operation : documentedOperations()) {
            String[] parts = operation.split(" ");
            String uri = parts[1].replace("{tenantId}", stranger.toString()).replace("{name}", "acme");
            int status = instance.client()
                    .method(HttpMethod.valueOf(parts[0]))
                    .uri(uri)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{}")
                    .exchange()
                    .returnResult(String.class)
                    .getStatus()
                    .value();
            assertThat(statuses(operation))
                    .as(operation + " answered " + status + " to a request without credential")
                    .contains(Integer.toString(status));
        }

        assertAnswerDocumented("POST /api/signups", HttpMethod.POST, "/api/signups", MediaType.TEXT_PLAIN, "x");
        assertAnswerDocumented(
                "GET /api/signups/{tenantId}", HttpMethod.GET, "/api/signups/" + stranger + ";x=1", null, null);
    }

    private static void assertAnswerDocumented(
            String operation, HttpMethod method, String uri, MediaType type, String body) {
        var request = instance.client().method(method).uri(uri);
        if (type != null) {
            request.contentType(type).bodyValue(body);
        }
        int status = request.exchange().returnResult(String.class).getStatus().value();
        assertThat(statuses(operation))
                .as(operation + " answered " + status + " to " + uri)
                .contains(Integer.toString(status));
    }

    private static Set<String> documentedOperations() {
        Set<String> operations = new TreeSet<>();
        document.get("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .properties()
                        .forEach(method -> operations.add(
                                method.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey())));
        return operations;
    }

    private static JsonNode operation(String operation) {
        String[] parts = operation.split(" ");
        return document.get("paths").get(parts[1]).get(parts[0].toLowerCase(java.util.Locale.ROOT));
    }

    private static Set<String> statuses(String operation) {
        Set<String> statuses = new TreeSet<>();
        operation(operation).get("responses").propertyNames().forEach(statuses::add);
        return statuses;
    }
}
