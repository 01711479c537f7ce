package io.benchline.signup;

import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A signup as {@code POST /api/signups} accepted it (202): the tenant, its subdomain, the stream URL with its token,
 * and the {@code Set-Cookie} header with the {@code benchline_signup} cookie.
 */
record AcceptedSignup(UUID tenantId, String subdomain, String eventsUrl, String token, String setCookie) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Posts {@code form} as JSON and expects it accepted. */
    static AcceptedSignup post(WebTestClient web, Map<String, Object> form) {
        var result = web.post()
                .uri("/api/signups")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(JSON.writeValueAsBytes(form))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(JsonNode.class)
                .returnResult();
        JsonNode body = result.getResponseBody();
        String eventsUrl = body.get("eventsUrl").asString();
        return new AcceptedSignup(
                UUID.fromString(body.get("tenantId").asString()),
                body.get("subdomain").asString(),
                eventsUrl,
                eventsUrl.substring(eventsUrl.indexOf("token=") + "token=".length()),
                result.getResponseHeaders().getFirst(HttpHeaders.SET_COOKIE));
    }

    /** The cookie's value, as a browser sends it back. */
    String cookieValue() {
        String pair = setCookie.substring(0, setCookie.indexOf(';'));
        return pair.substring(pair.indexOf('=') + 1);
    }
}
