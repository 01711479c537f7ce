package io.benchline.user.site;

import io.benchline.events.FailureReason;
import io.benchline.platform.sites.SiteWebClients;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to one customer site's REST API with the Administrator's API key. Every method answers with an outcome
 * (never an error signal): 401, 404, 429, 5xx and missing answers are retried with exponential backoff and jitter
 * until the attempts or the time run out; everything else is final at once. Both writes are safe to repeat: a
 * repeated user POST answers 409 (read back and checked), a repeated System Settings PUT saves the same values.
 */
public class SiteApiClient {

    static final String USER_RESOURCE = "/api/resource/User";
    /** The System Settings single: a single's document is named like its doctype. */
    static final String SYSTEM_SETTINGS = "/api/resource/System%20Settings/System%20Settings";

    private final WebClient web;
    private final SiteCallProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    SiteApiClient(SiteWebClients sites, SiteCallProperties properties, JsonMapper json, Clock clock) {
        this.web = sites.webClient();
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /**
     * {@code POST /api/resource/User} with {@code send_welcome_email: 0} (else Frappe mails the customer a second
     * password link) and the System Manager role. On 409 reads the existing user back, so the caller can decide
     * whether it is the one it would have created.
     */
    public Mono<UserCreation> createUser(SiteAccess site, NewSiteUser user, Instant giveUpAt) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("email", user.email());
        doc.put("first_name", user.firstName());
        doc.put("last_name", user.lastName());
        doc.put("new_password", user.password().reveal());
        doc.put("send_welcome_email", 0);
        doc.put("roles", List.of(Map.of("role", "System Manager")));
        Mono<UserCreation> call = post(site, USER_RESOURCE, doc).flatMap(answer -> switch (answer.status()) {
            case 200, 201 ->
                Mono.just(new UserCreation.Created(
                        answer.body().path("data").path("name").asString(user.email())));
            case 409 -> readUser(site, user.email(), giveUpAt);
            case 417 -> Mono.just(new UserCreation.Failed(FailureReason.USER_REJECTED, answer.readableMessage(json)));
            default -> Mono.error(unexpected(answer, "creating the user"));
        });
        return withRetries(call, giveUpAt, UserCreation.Failed::new);
    }

    /** {@code GET /api/resource/User/{email}}: as {@link UserCreation.AlreadyExists}, or why it could not be read. */
    Mono<UserCreation> readUser(SiteAccess site, String email, Instant giveUpAt) {
        String path = USER_RESOURCE + "/" + URLEncoder.encode(email, StandardCharsets.UTF_8);
        Mono<UserCreation> call = get(site, path)
                .flatMap(answer -> answer.status() == 200
                        ? Mono.just(new UserCreation.AlreadyExists(
                                existingUser(answer.body().path("data"))))
                        : Mono.error(unexpected(answer, "reading the existing user")));
        return withRetries(call, giveUpAt, UserCreation.Failed::new);
    }

    /**
     * {@code PUT /api/resource/System Settings/System Settings} with the values (api/v1.py {@code update_doc}:
     * update, then save). 200 → pre-filled; 417 (a Link check: LinkValidationError, or another validation) → failed
     * with Frappe's message, as the same values would fail again; 403 → failed (the key lacks permission);
     * the rest is retried like every call, then failed.
     */
    public Mono<SystemSettingsResult> prefillSystemSettings(
            SiteAccess site, Map<String, Object> values, Instant giveUpAt) {
        Mono<SystemSettingsResult> call = put(site, SYSTEM_SETTINGS, values)
                .flatMap(answer -> switch (answer.status()) {
                    case 200 -> Mono.just(SystemSettingsResult.prefilled());
                    case 417 ->
                        Mono.just(SystemSettingsResult.failed(
                                "the site refused the values: " + answer.readableMessage(json)));
                    default -> Mono.error(unexpected(answer, "saving System Settings"));
                });
        return withRetries(call, giveUpAt, (reason, message) -> SystemSettingsResult.failed(message));
    }

    private Mono<FrappeAnswer> post(SiteAccess site, String path, Map<String, Object> body) {
        return send(site, HttpMethod.POST, path, body);
    }

    private Mono<FrappeAnswer> put(SiteAccess site, String path, Map<String, Object> body) {
        return send(site, HttpMethod.PUT, path, body);
    }

    private Mono<FrappeAnswer> send(SiteAccess site, HttpMethod method, String path, Map<String, Object> body) {
        // Sent as bytes: codecs log the objects they encode at DEBUG, and a user's body holds the password.
        byte[] bytes = json.writeValueAsBytes(body);
        return web.method(method)
                .uri(site.resolve(path))
                .header(HttpHeaders.AUTHORIZATION, site.authorization())
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON)
                .bodyValue(bytes)
                .exchangeToMono(this::answer);
    }

    private Mono<FrappeAnswer> get(SiteAccess site, String path) {
        return web.get()
                .uri(site.resolve(path))
                .header(HttpHeaders.AUTHORIZATION, site.authorization())
                .accept(MediaType.APPLICATION_JSON)
                .exchangeToMono(this::answer);
    }

    private Mono<FrappeAnswer> answer(ClientResponse response) {
        return response.bodyToMono(String.class)
                .defaultIfEmpty("")
                .map(text -> FrappeAnswer.of(response.statusCode().value(), text, json));
    }

    /**
     * Retries transient failures with backoff while attempts and time remain, then turns the last failure into an
     * outcome. Each retry re-subscribes, which sends a new request.
     */
    private <T> Mono<T> withRetries(Mono<T> call, Instant giveUpAt, BiFunction<FailureReason, String, T> onFailure) {
        AtomicInteger attempts = new AtomicInteger();
        Retry retry = Retry.backoff(properties.maxAttempts() - 1L, properties.firstBackoff())
                .maxBackoff(properties.maxBackoff())
                .jitter(0.5)
                .filter(e -> e instanceof SiteCallException failure
                        && failure.isTransient()
                        && clock.instant().plus(properties.firstBackoff()).isBefore(giveUpAt))
                .onRetryExhaustedThrow((spec, signal) -> signal.failure());
        return Mono.defer(() -> {
                    attempts.incrementAndGet();
                    return call;
                })
                .onErrorMap(WebClientRequestException.class, SiteApiClient::unreachable)
                .retryWhen(retry)
                .onErrorResume(
                        SiteCallException.class,
                        e -> Mono.just(onFailure.apply(e.reason(), afterAttempts(e.getMessage(), attempts))))
                .onErrorResume(
                        e -> !(e instanceof SiteCallException),
                        e -> Mono.just(onFailure.apply(
                                FailureReason.SITE_UNREACHABLE,
                                afterAttempts("cannot call the site: " + e.getMessage(), attempts))));
    }

    private static String afterAttempts(String message, AtomicInteger attempts) {
        return message + " (after " + attempts.get() + (attempts.get() == 1 ? " attempt)" : " attempts)");
    }

    private static SiteCallException unreachable(WebClientRequestException e) {
        Throwable cause = e.getMostSpecificCause();
        String why = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return new SiteCallException(FailureReason.SITE_UNREACHABLE, "no answer from the site (" + why + ")", true);
    }

    /** Statuses that are not results: which of them may pass if we wait, and what they mean if they persist. */
    private SiteCallException unexpected(FrappeAnswer answer, String doing) {
        int status = answer.status();
        String what = "the site answered " + answer.summary() + " while " + doing;
        return switch (status) {
            case 401 ->
                new SiteCallException(
                        FailureReason.KEYS_REJECTED, what + ": it does not accept the Administrator's API key", true);
            case 403 ->
                new SiteCallException(
                        FailureReason.KEYS_REJECTED,
                        what + ": the API key lacks permission (" + answer.readableMessage(json) + ")",
                        false);
            case 404 -> new SiteCallException(FailureReason.SITE_ERROR, what + ": the site is not routed", true);
            case 429 -> new SiteCallException(FailureReason.SITE_ERROR, what + ": rate limited", true);
            default -> new SiteCallException(FailureReason.SITE_ERROR, what, status >= 500);
        };
    }

    private static ExistingUser existingUser(JsonNode data) {
        List<String> roles = new ArrayList<>();
        for (JsonNode row : data.path("roles")) {
            roles.add(row.path("role").asString(""));
        }
        return new ExistingUser(
                data.path("name").asString(""),
                data.path("enabled").asInt(0) == 1,
                data.path("first_name").asString(""),
                List.copyOf(roles));
    }
}
