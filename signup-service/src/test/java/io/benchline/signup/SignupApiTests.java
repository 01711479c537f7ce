package io.benchline.signup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP contract of signup-service: what is accepted, and every way a request is refused. */
@WebFluxTest
@Import(WithoutKafka.class)
@TestPropertySource(
        properties = {
            "benchline.signup.status-visibility-timeout=10ms",
            "benchline.signup.max-in-flight=5",
            "benchline.signup.rate-limit.capacity=1000",
            "benchline.signup.cors.allowed-origins=https://www.example.com",
            "benchline.signup.max-request-size=2KB"
        })
class SignupApiTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    WebTestClient web;

    @Autowired
    WithoutKafka.InMemoryRegistry registry;

    @Autowired
    WithoutKafka.InMemoryStatuses statuses;

    @AfterEach
    void nothingInFlight() {
        statuses.inFlight.set(0);
    }

    @Test
    void acceptsASignupWithFullNameAndAnswersWithItsUrlsLocationAndPrivateCookie() {
        Map<String, Object> body = valid();
        body.remove("firstName");
        body.remove("lastName");
        body.put("fullName", "Ada King Lovelace");
        body.put("subdomain", "Ada-" + suffix());

        var result = post(body)
                .expectStatus()
                .isAccepted()
                .expectHeader()
                .valueMatches(HttpHeaders.LOCATION, "/api/signups/[0-9a-f-]{36}")
                .expectBody(Map.class)
                .returnResult();

        Map<?, ?> accepted = result.getResponseBody();
        assertThat(accepted.get("subdomain").toString()).startsWith("ada-");
        assertThat(accepted.get("status")).isEqualTo("accepted");
        assertThat(accepted.get("siteUrl").toString())
                .isEqualTo("http://" + accepted.get("subdomain") + ".localhost:8000");
        assertThat(accepted.get("eventsUrl").toString()).startsWith(accepted.get("statusUrl") + "/events?token=");
        String cookie = result.getResponseHeaders().getFirst(HttpHeaders.SET_COOKIE);
        assertThat(cookie).contains("HttpOnly", "SameSite=Strict", "Path=" + accepted.get("statusUrl"));

        var request =
                registry.requested.get(UUID.fromString(accepted.get("tenantId").toString()));
        assertThat(request.getSignup().getFirstName()).isEqualTo("Ada");
        assertThat(request.getSignup().getLastName()).isEqualTo("King Lovelace");
        assertThat(request.getSignup().getPlan().name()).isEqualTo("FREE");
        assertThat(request.getSignup().getDeadlineAt())
                .isAfter(request.getSignup().getRequestedAt());
    }

    @Test
    void derivesTheSubdomainFromTheOrganizationAndAddsASuffixWhenTaken() {
        Map<String, Object> body = valid();
        body.remove("subdomain");
        body.put("organization", "Café Müller & Söhne " + suffix());
        String derived = post(body)
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("subdomain")
                .toString();
        assertThat(derived).matches("cafe-muller-sohne-[a-z0-9]+");

        String second = post(body)
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("subdomain")
                .toString();
        assertThat(second).matches(derived + "-[a-z2-9]{4}");
    }

    @Test
    void namesEveryBadFieldAndWhyWithoutEchoingThePassword() {
        Map<String, Object> body = valid();
        body.put("subdomain", "xn--bcher-kva");
        body.put("email", "ada@localhost");
        body.put("password", "password123");
        body.put("plan", "gold");
        body.put("timezone", "Mars/Olympus");

        String problem = post(body)
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        assertThat(problem)
                .contains(
                        "\"field\":\"subdomain\"",
                        "\"field\":\"email\"",
                        "\"field\":\"password\"",
                        "\"field\":\"plan\"",
                        "\"field\":\"timezone\"",
                        "xn--");
        assertThat(problem).doesNotContain("password123");
        assertThat(registry.requested.values())
                .noneMatch(r -> r.getSignup().getSubdomain().startsWith("xn"));
    }

    @Test
    void refusesPasswordsLongerThanFrappeAccepts() {
        Map<String, Object> body = valid();
        body.put("password", "Zq8-".repeat(129));
        post(body)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("password")
                .jsonPath("$.errors[0].message")
                .isEqualTo("must be 10 to 512 characters long");
    }

    @Test
    void refusesCommonPasswordsAndOnesMadeOfTheCustomersOwnDetails() {
        Map<String, Object> body = valid();
        body.put("password", "Password1!");
        post(body)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("password");
        body.put("password", "lovelace" + body.get("subdomain"));
        post(body)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("password");
    }

    @Test
    void reservedAndTakenSubdomainsAreConflicts() {
        Map<String, Object> body = valid();
        body.put("subdomain", "admin");
        post(body)
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT)
                .expectBody()
                .jsonPath("$.reason")
                .isEqualTo("reserved");

        body.put("subdomain", "taken-" + suffix());
        post(body).expectStatus().isAccepted();
        post(body)
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT)
                .expectBody()
                .jsonPath("$.reason")
                .isEqualTo("taken");
    }

    @Test
    void onlyJsonIsAccepted() {
        web.post()
                .uri("/api/signups")
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("organization=Acme")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aBodyOverTheLimitIs413() {
        Map<String, Object> body = valid();
        body.put("organization", "A".repeat(4096));
        post(body)
                .expectStatus()
                .isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void unreadableJsonIs400WithoutEchoingTheBody() {
        web.post()
                .uri("/api/signups")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"password\": hunter2-secret")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class)
                .value(problem -> assertThat(problem).doesNotContain("hunter2"));
    }

    @Test
    void pausesIntakeWith503WhenTooManySignupsAreInFlight() {
        statuses.inFlight.set(5);
        post(valid())
                .expectStatus()
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER);
    }

    @Test
    void theStatusOfASignupIsPrivate() {
        web.get()
                .uri("/api/signups/" + UUID.randomUUID())
                .exchange()
                .expectStatus()
                .isUnauthorized();
        web.get()
                .uri("/api/signups/" + UUID.randomUUID() + "/events?token=1.forged")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @ParameterizedTest
    @CsvSource({
        "organization, Acme{202E} Ltd", // right-to-left override (Cf)
        "organization, Acme{2028}Ltd", // line separator
        "fullName, Ada{0085}Lovelace", // next line (C1 control)
        "lastName, Love{200B}lace", // zero-width space (Cf)
        "firstName, Ada{0000}", // NUL
        "email, ada{200D}@example.com",
        "subdomain, acme{00AD}-ltd", // soft hyphen (Cf)
        "timezone, Europe/Berlin{2029}",
        "country, DE{FEFF}", // byte-order mark (Cf)
        "plan, pro{200E}",
        "currency, EUR{0007}"
    })
    void controlAndFormatCharactersAreRefusedInEveryTextFieldNamingTheFieldNotTheValue(String field, String escaped) {
        String value = unescape(escaped);
        Map<String, Object> body = valid();
        body.put(field, value);
        String problem = post(body)
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(problem).contains("\"field\":\"" + field + "\"");
        assertThat(problem).doesNotContain(value).doesNotContain(escaped);
        assertThat(registry.requested.values())
                .noneMatch(r -> r.getSignup().getOrganization().contains(value));
    }

    @Test
    void controlAndFormatCharactersAreRefusedInThePassword() {
        Map<String, Object> body = valid();
        body.put("password", "Quartz-lantern" + (char) 0x202E + "meadow-57-orbit");
        post(body)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("password");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"autoconfig", "autodiscover", "mta-sts", "webmail", "pop3", "wpad", "isatap", "ns1", "imap"})
    void mailAndDiscoveryNamesAreReserved(String name) {
        web.get()
                .uri("/api/subdomains/" + name)
                .exchange()
                .expectBody()
                .jsonPath("$.reason")
                .isEqualTo("reserved");
        Map<String, Object> body = valid();
        body.put("subdomain", name);
        post(body)
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT)
                .expectBody()
                .jsonPath("$.reason")
                .isEqualTo("reserved");
    }

    @Test
    void theReferencePageSendsSecurityHeadersAndNeedsNoInlineScript() {
        String page = web.get()
                .uri("/")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader()
                .valueEquals("Referrer-Policy", "no-referrer")
                .expectHeader()
                .value(
                        "Content-Security-Policy",
                        csp -> assertThat(csp)
                                .contains(
                                        "default-src 'self'",
                                        "script-src 'self'",
                                        "frame-ancestors 'none'",
                                        "object-src 'none'")
                                .doesNotContain("unsafe-inline", "unsafe-eval"))
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(page)
                .doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>")
                .doesNotContain("onclick=", "onload=", "style=");
        web.get()
                .uri("/app.js")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-Content-Type-Options", "nosniff");
    }

    /** {@code {202E}} is U+202E: written so, the test's source holds no invisible characters. */
    private static String unescape(String escaped) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < escaped.length(); i++) {
            if (escaped.charAt(i) == '{') {
                out.append((char) Integer.parseInt(escaped.substring(i + 1, i + 5), 16));
                i += 5;
            } else {
                out.append(escaped.charAt(i));
            }
        }
        return out.toString();
    }

    @Test
    void allowsTheConfiguredFrontendOriginWithCredentials() {
        web.options()
                .uri("http://localhost:8080/api/signups")
                .header(HttpHeaders.ORIGIN, "https://www.example.com")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "Content-Type")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://www.example.com")
                .expectHeader()
                .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        web.options()
                .uri("http://localhost:8080/api/signups")
                .header(HttpHeaders.ORIGIN, "https://evil.example.net")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void theLiveCheckExplainsWhyANameIsUnavailable() {
        web.get()
                .uri("/api/subdomains/Fresh-" + suffix())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.available")
                .isEqualTo(true);
        web.get()
                .uri("/api/subdomains/ab")
                .exchange()
                .expectBody()
                .jsonPath("$.available")
                .isEqualTo(false)
                .jsonPath("$.reason")
                .isEqualTo("invalid");
        web.get()
                .uri("/api/subdomains/status")
                .exchange()
                .expectBody()
                .jsonPath("$.reason")
                .isEqualTo("reserved");
    }

    private WebTestClient.ResponseSpec post(Map<String, Object> body) {
        return web.post()
                .uri("/api/signups")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(JSON.writeValueAsBytes(body))
                .exchange();
    }

    private static Map<String, Object> valid() {
        Map<String, Object> body = new HashMap<>();
        body.put("organization", "Analytical Engines");
        body.put("subdomain", "engines-" + suffix());
        body.put("email", "ada@example.com");
        body.put("firstName", "Ada");
        body.put("lastName", "Lovelace");
        body.put("password", "Quartz-lantern-meadow-57-orbit");
        body.put("country", "gb");
        body.put("timezone", "Europe/London");
        body.put("currency", "gbp");
        return body;
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
