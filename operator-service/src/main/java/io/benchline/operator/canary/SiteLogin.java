package io.benchline.operator.canary;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseCookie;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The customer's side of the hand-off on the new site: open the one-time {@code login_via_key} link (Frappe logs the
 * key's user in and answers with a redirect and a {@code sid} cookie), then ask the site who is logged in
 * ({@code frappe.auth.get_logged_user}). Through platform's site client: {@code benchline.sites.*} applies.
 */
final class SiteLogin {

    static final String LOGIN_VIA_KEY = "/api/method/frappe.www.login.login_via_key";
    static final String LOGGED_USER = "/api/method/frappe.auth.get_logged_user";

    private final WebClient sites;
    private final Duration timeout;

    SiteLogin(WebClient sites, Duration timeout) {
        this.sites = sites;
        this.timeout = timeout;
    }

    /** Fails unless the link logs {@code expectedUser} in. */
    void logIn(URI loginLink, String expectedUser) {
        Opened opened = call("GET login_via_key", sites.get().uri(loginLink).exchangeToMono(SiteLogin::opened));
        if (!opened.status().is3xxRedirection()) {
            throw new CanaryStepFailed(
                    CanaryStep.SITE_LOGIN,
                    "login_via_key answered " + opened.status().value() + ", not a redirect");
        }
        String sid = opened.sid()
                .filter(value -> !value.isEmpty() && !"Guest".equals(value))
                .orElseThrow(
                        () -> new CanaryStepFailed(CanaryStep.SITE_LOGIN, "login_via_key set no session cookie (sid)"));
        URI origin = loginLink.resolve("/");
        JsonNode loggedUser = call(
                "GET get_logged_user",
                sites.get()
                        .uri(origin.resolve(LOGGED_USER))
                        .header(HttpHeaders.COOKIE, "sid=" + sid)
                        .exchangeToMono(response -> response.statusCode().value() == 200
                                ? response.bodyToMono(JsonNode.class)
                                : response.releaseBody()
                                        .then(Mono.error(new CanaryStepFailed(
                                                CanaryStep.SITE_LOGIN,
                                                "get_logged_user answered "
                                                        + response.statusCode().value()
                                                        + " with the new session")))));
        String user = loggedUser == null ? "" : loggedUser.path("message").asString("");
        if (!expectedUser.equalsIgnoreCase(user)) {
            throw new CanaryStepFailed(
                    CanaryStep.SITE_LOGIN,
                    "the site says " + (user.isEmpty() ? "nobody" : "'" + user + "'")
                            + " is logged in, not the canary");
        }
    }

    private record Opened(HttpStatusCode status, Optional<String> sid) {}

    private static Mono<Opened> opened(ClientResponse response) {
        List<ResponseCookie> sid = response.cookies().getOrDefault("sid", List.of());
        Optional<String> value = sid.stream().map(ResponseCookie::getValue).reduce((first, last) -> last);
        return response.releaseBody().thenReturn(new Opened(response.statusCode(), value));
    }

    private <T> T call(String what, Mono<T> request) {
        try {
            return request.timeout(timeout).block();
        } catch (CanaryStepFailed e) {
            throw e;
        } catch (RuntimeException e) {
            throw HttpFailures.of(CanaryStep.SITE_LOGIN, what, e);
        }
    }
}
