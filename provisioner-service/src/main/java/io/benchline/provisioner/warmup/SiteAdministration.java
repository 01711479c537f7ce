package io.benchline.provisioner.warmup;

import io.benchline.events.FailureReason;
import io.benchline.platform.secrets.Secret;
import io.benchline.platform.sites.PlainHttpRefused;
import io.benchline.platform.sites.SiteWebClients;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The claim of a standby over REST, with the site's own Administrator key, on the customer's URL (no bench: a REST
 * call costs milliseconds, a bench invocation a Python start-up): {@code generate_keys} rotates the API secret (the
 * standby's stops working) and {@code PUT /api/resource/User/Administrator} with {@code new_password} replaces the
 * password. Bodies go out as bytes (no encoder logs them); nothing secret is in a message.
 */
public final class SiteAdministration {

    private static final String GENERATE_KEYS = "/api/method/frappe.core.doctype.user.user.generate_keys";
    private static final String ADMINISTRATOR = "/api/resource/User/Administrator";

    private final WebClient client;
    private final Duration requestTimeout;
    private final JsonMapper json = JsonMapper.builder().build();

    public SiteAdministration(SiteWebClients sites, Duration requestTimeout) {
        this.client = sites.webClient();
        this.requestTimeout = requestTimeout;
    }

    /** Returns the NEW api_secret of Administrator; the one used to ask stops working. */
    public Secret rotateApiSecret(URI baseUrl, String siteName, Secret apiKey, Secret apiSecret) {
        String body = send(
                "generate_keys",
                siteName,
                client.post()
                        .uri(baseUrl.resolve(GENERATE_KEYS))
                        .headers(h -> headers(h, baseUrl, siteName, apiKey, apiSecret))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(json.writeValueAsBytes(Map.of("user", "Administrator"))));
        // Frappe answers {"message": {"api_secret": "<15 hex>"}}.
        String secret;
        try {
            secret = json.readTree(body).path("message").path("api_secret").asText("");
        } catch (JacksonException e) {
            secret = "";
        }
        if (secret.isEmpty()) {
            throw new WarmUpException(
                    FailureReason.SITE_ERROR, false, "generate_keys on " + siteName + " returned no api_secret");
        }
        return Secret.of(secret);
    }

    public void setAdministratorPassword(
            URI baseUrl, String siteName, Secret apiKey, Secret apiSecret, Secret password) {
        send(
                "set Administrator password",
                siteName,
                client.put()
                        .uri(baseUrl.resolve(ADMINISTRATOR))
                        .headers(h -> headers(h, baseUrl, siteName, apiKey, apiSecret))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(json.writeValueAsBytes(Map.of("new_password", password.reveal()))));
    }

    private static void headers(HttpHeaders h, URI baseUrl, String siteName, Secret apiKey, Secret apiSecret) {
        if (!baseUrl.getHost().equals(siteName)) {
            h.set(HttpHeaders.HOST, siteName);
        }
        h.set(HttpHeaders.AUTHORIZATION, "token " + apiKey.reveal() + ":" + apiSecret.reveal());
    }

    /** The body of a 200; anything else fails (404/5xx transient: the name may not be routed yet). */
    private String send(String what, String siteName, WebClient.RequestHeadersSpec<?> request) {
        return request.exchangeToMono(response -> response.bodyToMono(String.class)
                        .defaultIfEmpty("")
                        .flatMap(body -> {
                            int status = response.statusCode().value();
                            if (status == 200) {
                                return Mono.just(body);
                            }
                            boolean notReady = status == 404 || status >= 500;
                            return Mono.error(new WarmUpException(
                                    status == 401 || status == 403
                                            ? FailureReason.KEYS_REJECTED
                                            : notReady ? FailureReason.SITE_UNREACHABLE : FailureReason.SITE_ERROR,
                                    notReady,
                                    what + ": " + siteName + " answered " + status));
                        }))
                .timeout(requestTimeout)
                .onErrorMap(
                        java.util.concurrent.TimeoutException.class,
                        e -> new WarmUpException(
                                FailureReason.SITE_UNREACHABLE,
                                true,
                                what + ": " + siteName + " did not answer within " + requestTimeout))
                .onErrorMap(
                        WebClientRequestException.class,
                        e -> new WarmUpException(
                                FailureReason.SITE_UNREACHABLE,
                                true,
                                what + ": cannot reach " + siteName + " ("
                                        + e.getMostSpecificCause().getClass().getSimpleName() + ")"))
                .onErrorMap(
                        PlainHttpRefused.class,
                        e -> new WarmUpException(
                                FailureReason.SITE_ERROR, false, what + ": plain HTTP to " + siteName + " refused"))
                .block();
    }
}
