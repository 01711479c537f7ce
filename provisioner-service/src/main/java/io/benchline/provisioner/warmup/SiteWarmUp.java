package io.benchline.provisioner.warmup;

import io.benchline.events.FailureReason;
import io.benchline.platform.secrets.Secret;
import io.benchline.platform.sites.PlainHttpRefused;
import io.benchline.platform.sites.SiteWebClients;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Logs in as Administrator ({@code POST /api/method/login}) and calls {@code frappe.auth.get_logged_user} with the
 * new API key. Requests go to the host's warm-up base URL with the site's name as {@code Host} (as nginx routes),
 * or straight to the site URL, through the platform's {@link SiteWebClients} (HTTPS only unless plain HTTP is
 * allowed, its timeouts and name overrides). A site URL comes from the request event: the caller hands it over
 * only after the platform's {@code SiteAddressPolicy} accepted it as {@code <subdomain>.<a site domain>}. Blocking by design: it runs on a slot worker, never on an event loop.
 * The login body goes out as bytes: Spring's encoders log an object body at DEBUG, and this one holds a password.
 */
public final class SiteWarmUp {

    private static final String LOGIN = "/api/method/login";
    private static final String LOGGED_USER = "/api/method/frappe.auth.get_logged_user";

    private final WebClient client;
    private final Duration requestTimeout;
    private final JsonMapper json = JsonMapper.builder().build();

    public SiteWarmUp(SiteWebClients sites, Duration requestTimeout) {
        this.client = sites.webClient();
        this.requestTimeout = requestTimeout;
    }

    public void loginAsAdministrator(URI baseUrl, String siteName, Secret adminPassword) {
        Answer answer = sent(
                "login",
                siteName,
                client.post()
                        .uri(baseUrl.resolve(LOGIN))
                        .headers(h -> host(h, baseUrl, siteName))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(
                                json.writeValueAsBytes(Map.of("usr", "Administrator", "pwd", adminPassword.reveal()))));
        if (answer.status() == 401 || answer.status() == 403) {
            throw new WarmUpException(
                    FailureReason.SITE_ERROR,
                    false,
                    "warm-up: Administrator login on " + siteName + " was refused (" + answer.status() + ")");
        }
        expectOk("login", siteName, answer);
    }

    public void callWithApiKey(URI baseUrl, String siteName, Secret apiKey, Secret apiSecret) {
        apiCall(baseUrl, siteName, apiKey, apiSecret).block();
    }

    /**
     * Starts {@link #callWithApiKey} and returns at once; the future fails as that method would throw. The API call
     * needs nothing of the login, so the warm-up sends both at the same time (two requests on the site, not one
     * after the other).
     */
    public CompletableFuture<Void> startCallWithApiKey(URI baseUrl, String siteName, Secret apiKey, Secret apiSecret) {
        return apiCall(baseUrl, siteName, apiKey, apiSecret).toFuture();
    }

    private Mono<Void> apiCall(URI baseUrl, String siteName, Secret apiKey, Secret apiSecret) {
        return send(
                        "API call",
                        siteName,
                        client.get().uri(baseUrl.resolve(LOGGED_USER)).headers(h -> {
                            host(h, baseUrl, siteName);
                            h.set(HttpHeaders.AUTHORIZATION, "token " + apiKey.reveal() + ":" + apiSecret.reveal());
                        }))
                .doOnNext(answer -> checkApiCall(siteName, answer))
                .then();
    }

    private static void checkApiCall(String siteName, Answer answer) {
        if (answer.status() == 401 || answer.status() == 403) {
            throw new WarmUpException(
                    FailureReason.KEYS_REJECTED,
                    false,
                    "warm-up: " + siteName + " rejected the new API key (" + answer.status() + ")");
        }
        expectOk("API call", siteName, answer);
        if (!answer.body().replace(" ", "").contains("\"message\":\"Administrator\"")) {
            throw new WarmUpException(
                    FailureReason.KEYS_REJECTED,
                    false,
                    "warm-up: " + siteName + " did not answer as Administrator to the new API key");
        }
    }

    private static void host(HttpHeaders headers, URI baseUrl, String siteName) {
        if (!baseUrl.getHost().equals(siteName)) {
            headers.set(HttpHeaders.HOST, siteName);
        }
    }

    private Answer sent(String what, String siteName, WebClient.RequestHeadersSpec<?> request) {
        return send(what, siteName, request).block();
    }

    private Mono<Answer> send(String what, String siteName, WebClient.RequestHeadersSpec<?> request) {
        return request.exchangeToMono(response -> response.bodyToMono(String.class)
                        .defaultIfEmpty("")
                        .map(body -> new Answer(response.statusCode(), body)))
                .timeout(requestTimeout)
                .onErrorMap(
                        java.util.concurrent.TimeoutException.class,
                        e -> new WarmUpException(
                                FailureReason.SITE_UNREACHABLE,
                                true,
                                "warm-up " + what + ": " + siteName + " did not answer within " + requestTimeout))
                .onErrorMap(
                        WebClientRequestException.class,
                        e -> new WarmUpException(
                                FailureReason.SITE_UNREACHABLE,
                                true,
                                "warm-up " + what + ": cannot reach " + siteName + " ("
                                        + e.getMostSpecificCause().getClass().getSimpleName() + ")"))
                .onErrorMap(
                        PlainHttpRefused.class,
                        e -> new WarmUpException(
                                FailureReason.SITE_ERROR,
                                false,
                                "warm-up " + what + ": plain HTTP to " + siteName
                                        + " refused (benchline.sites.allow-plain-http is off)"))
                .switchIfEmpty(Mono.error(() ->
                        new WarmUpException(FailureReason.SITE_UNREACHABLE, true, "warm-up " + what + ": no answer")));
    }

    private static void expectOk(String what, String siteName, Answer answer) {
        int status = answer.status();
        if (status == 200) {
            return;
        }
        // 404: nginx does not route the name yet; 5xx: the site or the proxy is not ready. Both pass with time.
        boolean notReady = status == 404 || status >= 500;
        throw new WarmUpException(
                status == 404 ? FailureReason.SITE_UNREACHABLE : FailureReason.SITE_ERROR,
                notReady,
                "warm-up " + what + ": " + siteName + " answered " + status);
    }

    private record Answer(HttpStatusCode code, String body) {
        int status() {
            return code.value();
        }
    }
}
