package io.benchline.user.site;

import io.benchline.events.FailureReason;
import io.benchline.platform.sites.SiteWebClients;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClientRequest;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to one customer site's REST API with the Administrator's API key. Every method answers with an outcome
 * (never an error signal): 401, 404, 429, 5xx and missing answers are retried with exponential backoff and jitter
 * until the attempts or the time run out; everything else is final at once. The setup wizard is the exception:
 * once it may have run it is never sent again, only confirmed (see {@link #completeSetupWizard}).
 */
public class SiteApiClient {

    static final String USER_RESOURCE = "/api/resource/User";
    static final String SETUP_COMPLETE = "/api/method/frappe.desk.page.setup_wizard.setup_wizard.setup_complete";
    static final String SETUP_COMPLETE_FLAG =
            "/api/method/frappe.client.get_single_value?doctype=System%20Settings&field=setup_complete";

    private final WebClient web;
    private final SiteCallProperties properties;
    private final SetupWizardProperties wizard;
    private final JsonMapper json;
    private final Clock clock;

    SiteApiClient(
            SiteWebClients sites,
            SiteCallProperties properties,
            SetupWizardProperties wizard,
            JsonMapper json,
            Clock clock) {
        this.web = sites.webClient();
        this.properties = properties;
        this.wizard = wizard;
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
     * Completes the setup wizard. {@code setup_complete} runs ERPNext's fixtures, company and chart of accounts
     * inside the request, so it gets its own long timeout and is sent again only when it cannot have reached
     * Frappe's method (no connection, 401, 404, 429): a second run beside one still going gives duplicate-company
     * errors. After a timeout, a 5xx or {@code "registered"} (queued with {@code trigger_site_setup_in_background})
     * the client asks the site whether setup is complete instead, within {@code confirm-within}.
     */
    public Mono<SetupWizardResult> completeSetupWizard(SiteAccess site, Map<String, Object> args, Instant giveUpAt) {
        // The desk sends args as a JSON string; setup_complete parses strings and dicts alike.
        Map<String, Object> body = Map.of("args", json.writeValueAsString(args));
        Mono<SetupWizardResult> call = post(site, SETUP_COMPLETE, body, wizard.timeout())
                .flatMap(answer -> wizardAnswer(site, answer, giveUpAt))
                .onErrorResume(
                        WebClientRequestException.class,
                        e -> neverSent(e)
                                ? Mono.error(unreachable(e))
                                : confirmed(
                                        site,
                                        "no answer within " + wizard.timeout() + " (" + cause(e) + ")",
                                        giveUpAt));
        Duration left = Duration.between(clock.instant(), giveUpAt);
        return withRetries(call, giveUpAt, (reason, message) -> SetupWizardResult.failed(message))
                .timeout(
                        left.isNegative() ? Duration.ZERO : left,
                        Mono.fromSupplier(() -> SetupWizardResult.unconfirmed(
                                "no definite answer before the time for the signup ran out")));
    }

    private Mono<SetupWizardResult> wizardAnswer(SiteAccess site, FrappeAnswer answer, Instant giveUpAt) {
        int status = answer.status();
        if (status == 200) {
            String outcome = answer.body().path("message").path("status").asString("");
            return switch (outcome) {
                case "ok" -> Mono.just(SetupWizardResult.completed("setup_complete answered ok"));
                case "registered" -> confirmed(site, "setup_complete was queued (registered)", giveUpAt);
                default ->
                    Mono.just(SetupWizardResult.failed(
                            "setup_complete answered status '" + outcome + "' " + failureMessage(answer)));
            };
        }
        if (status == 417) {
            // ValidationError family: Frappe rolled the wizard back; the same arguments would fail again.
            return Mono.just(SetupWizardResult.failed(failureMessage(answer)));
        }
        if (status == 401 || status == 403 || status == 404 || status == 429) {
            // Refused before Frappe's method ran (authentication, permission, routing, rate limit): 401, 404 and
            // 429 are retried like every call's, which is safe here because nothing ran.
            return Mono.error(unexpected(answer, "completing the setup wizard"));
        }
        String what = "setup_complete answered " + answer.summary() + " " + failureMessage(answer);
        if (!answer.excType().isEmpty()) {
            // Frappe's own error body: its request handler caught the exception and rolled the wizard back, unless
            // a run before ours had finished. One look settles it.
            return isSetupComplete(site)
                    .map(done -> done
                            ? SetupWizardResult.completed(what + ", but the site reports setup complete")
                            : SetupWizardResult.failed(what));
        }
        // A proxy's 502/504 (gunicorn's timeout, a restart): the wizard may still be running behind it.
        return confirmed(site, what, giveUpAt);
    }

    /**
     * Asks the site every {@code poll-interval} whether setup is complete, for at most {@code confirm-within} (and
     * never past {@code giveUpAt}).
     */
    private Mono<SetupWizardResult> confirmed(SiteAccess site, String why, Instant giveUpAt) {
        Instant until = earliest(clock.instant().plus(wizard.confirmWithin()), giveUpAt);
        return isSetupComplete(site)
                .filter(Boolean::booleanValue)
                .repeatWhenEmpty(checks -> checks.takeWhile(check ->
                                clock.instant().plus(wizard.pollInterval()).isBefore(until))
                        .concatMap(check -> Mono.delay(wizard.pollInterval())))
                .map(done -> SetupWizardResult.completed(why + "; the site then reported setup complete"))
                .defaultIfEmpty(
                        SetupWizardResult.unconfirmed(why + "; the site did not report setup complete by " + until));
    }

    /**
     * Whether the site's setup wizard has completed: in v15 the flag is System Settings' {@code setup_complete}
     * (what {@code setup_complete} itself checks first, frappe/desk/page/setup_wizard/setup_wizard.py; v16 moves
     * it to each Installed Application), read through the whitelisted {@code frappe.client.get_single_value}
     * (frappe/client.py). Any answer but a truthy 200 counts as "not yet".
     */
    Mono<Boolean> isSetupComplete(SiteAccess site) {
        return get(site, SETUP_COMPLETE_FLAG)
                .map(answer -> answer.status() == 200 && truthy(answer.body().path("message")))
                .onErrorReturn(false);
    }

    private static boolean truthy(JsonNode value) {
        return value.isBoolean()
                ? value.asBoolean()
                : value.asString("0").strip().equals("1");
    }

    /** Frappe's messages and, when it set one, the failing stage's {@code setup_wizard_failure_message}. */
    private String failureMessage(FrappeAnswer answer) {
        String stage = answer.body().path("setup_wizard_failure_message").asString("");
        String message = answer.readableMessage(json);
        return stage.isEmpty() ? message : stage + ": " + message;
    }

    /** The request never left (no connection, unknown host): Frappe cannot have started the wizard. */
    private static boolean neverSent(WebClientRequestException e) {
        Throwable cause = e.getMostSpecificCause();
        return cause instanceof ConnectException || cause instanceof UnknownHostException;
    }

    private static String cause(WebClientRequestException e) {
        Throwable cause = e.getMostSpecificCause();
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private Mono<FrappeAnswer> post(SiteAccess site, String path, Map<String, Object> body) {
        return post(site, path, body, null);
    }

    /** {@code responseTimeout}, when given, replaces the shared client's for this one request. */
    private Mono<FrappeAnswer> post(SiteAccess site, String path, Map<String, Object> body, Duration responseTimeout) {
        // Sent as bytes: codecs log the objects they encode at DEBUG, and this body holds the password.
        byte[] bytes = json.writeValueAsBytes(body);
        return web.post()
                .uri(site.resolve(path))
                .header(HttpHeaders.AUTHORIZATION, site.authorization())
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON)
                .httpRequest(request -> {
                    if (responseTimeout != null
                            && request.getNativeRequest() instanceof HttpClientRequest reactorRequest) {
                        reactorRequest.responseTimeout(responseTimeout);
                    }
                })
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
