package io.benchline.operator.canary;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/**
 * The public signup API as a customer's browser uses it (signup-service's README): POST, the status with the signup's
 * own credential (the token of {@code eventsUrl}), the emailed code, and {@code enterUrl}.
 */
final class SignupApi {

    static final String CANARY_HEADER = "X-Benchline-Canary";

    private final WebClient web;
    private final URI baseUrl;
    private final Duration timeout;

    SignupApi(WebClient web, URI baseUrl, Duration timeout) {
        this.web = web;
        this.baseUrl = baseUrl;
        this.timeout = timeout;
    }

    /** An accepted signup and the credential that opens its status; the token is never logged. */
    record Posted(UUID tenantId, String subdomain, URI statusUrl, String token) {
        @Override
        public String toString() {
            return "Posted[tenantId=" + tenantId + ", subdomain=" + subdomain + "]";
        }
    }

    /** What {@code GET /api/signups/{id}} says; {@code failure} is "stage/reason" of a failed signup. */
    record Status(String status, String emailVerification, String enterUrl, String failure) {

        boolean completed() {
            return "completed".equals(status);
        }

        boolean failed() {
            return "failed".equals(status);
        }

        boolean awaitingVerification() {
            return "awaiting_verification".equals(status);
        }

        /** The site exists: a canary that got this far deprovisions it, whatever happens next. */
        boolean siteBuilt() {
            return completed() || awaitingVerification();
        }
    }

    Posted post(Map<String, Object> form, String canaryToken) {
        HttpAnswer answer = call(
                CanaryStep.SIGNUP,
                "POST /api/signups",
                web.post()
                        .uri(baseUrl.resolve("/api/signups"))
                        .header(CANARY_HEADER, canaryToken)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(form));
        if (answer.status().value() != 202) {
            throw new CanaryStepFailed(CanaryStep.SIGNUP, "POST /api/signups answered " + answer.describe());
        }
        JsonNode body = answer.body();
        String eventsUrl = body.path("eventsUrl").asString("");
        String token = UriComponentsBuilder.fromUriString(eventsUrl)
                .build()
                .getQueryParams()
                .getFirst("token");
        if (token == null || body.path("tenantId").asString("").isEmpty()) {
            throw new CanaryStepFailed(CanaryStep.SIGNUP, "POST /api/signups answered 202 without tenantId or token");
        }
        return new Posted(
                UUID.fromString(body.path("tenantId").asString()),
                body.path("subdomain").asString(),
                baseUrl.resolve(body.path("statusUrl")
                        .asString("/api/signups/" + body.path("tenantId").asString())),
                URLDecoder.decode(token, StandardCharsets.UTF_8));
    }

    Status status(Posted signup) {
        HttpAnswer answer = call(
                CanaryStep.STATUS,
                "GET /api/signups/{id}",
                web.get().uri(signup.statusUrl()).headers(h -> h.setBearerAuth(signup.token())));
        if (answer.status().value() != 200) {
            throw new CanaryStepFailed(CanaryStep.STATUS, "GET /api/signups/{id} answered " + answer.describe());
        }
        JsonNode body = answer.body();
        JsonNode failure = body.path("failure");
        return new Status(
                body.path("status").asString(""),
                body.path("emailVerification").asString(""),
                body.hasNonNull("enterUrl") ? body.get("enterUrl").asString() : null,
                failure.isObject()
                        ? failure.path("stage").asString("?") + "/"
                                + failure.path("reason").asString("?")
                        : null);
    }

    /** {@code POST /api/signups/{id}/verification}: 204 when the code was accepted. */
    void verify(Posted signup, String code) {
        HttpAnswer answer = call(
                CanaryStep.VERIFY,
                "POST /api/signups/{id}/verification",
                web.post()
                        .uri(signup.statusUrl() + "/verification")
                        .headers(h -> h.setBearerAuth(signup.token()))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("code", code)));
        if (answer.status().value() != 204) {
            throw new CanaryStepFailed(CanaryStep.VERIFY, "the mailed code was not accepted: " + answer.describe());
        }
    }

    /** {@code GET enterUrl}: the 302 to the site's one-time login link. */
    URI enter(Posted signup, String enterUrl) {
        HttpAnswer answer = call(
                CanaryStep.HAND_OFF,
                "GET enterUrl",
                web.get().uri(baseUrl.resolve(enterUrl)).headers(h -> h.setBearerAuth(signup.token())));
        String location = answer.location();
        if (answer.status().value() != 302 || location == null) {
            throw new CanaryStepFailed(CanaryStep.HAND_OFF, "enterUrl answered " + answer.describe());
        }
        URI link;
        try {
            link = URI.create(location);
        } catch (IllegalArgumentException e) {
            throw new CanaryStepFailed(CanaryStep.HAND_OFF, "enterUrl answered a Location that is not a URI");
        }
        if (!SiteLogin.LOGIN_VIA_KEY.equals(link.getPath()) || link.getRawQuery() == null) {
            throw new CanaryStepFailed(
                    CanaryStep.HAND_OFF,
                    "enterUrl sent the customer to " + link.getPath() + " instead of a one-time login link");
        }
        return link;
    }

    private HttpAnswer call(CanaryStep step, String what, WebClient.RequestHeadersSpec<?> request) {
        try {
            return request.exchangeToMono(HttpAnswer::read).timeout(timeout).block();
        } catch (RuntimeException e) {
            throw HttpFailures.of(step, what, e);
        }
    }
}
