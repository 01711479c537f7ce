package io.benchline.signup.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.events.TenantRequested;
import io.benchline.signup.WithoutKafka;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The signup's {@code country}: an ISO 3166 code or Frappe's name for the country, in any case; the event always
 * carries the upper-case ISO code (user-service turns it into Frappe's Country name for the setup wizard).
 */
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
class SignupCountryTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    WebTestClient web;

    @Autowired
    WithoutKafka.InMemoryRegistry registry;

    @ParameterizedTest
    @CsvSource({
        "de, DE",
        "DE, DE",
        "Germany, DE",
        "germany, DE",
        "Czech Republic, CZ",
        "'korea, republic of', KR",
        "ru, RU"
    })
    void acceptsAnIsoCodeOrFrappesCountryNameAndSendsTheIsoCode(String given, String sent) {
        Map<String, Object> body = signup(given);

        TenantRequested requested = accepted(body);

        assertThat(requested.getSignup().getCountry()).isEqualTo(sent);
    }

    @ParameterizedTest
    @ValueSource(strings = {"XX", "Czechia", "Deutschland", "Germany!", "D E"})
    void refusesAnythingElseNamingTheFieldWithoutEchoingIt(String given) {
        String problem = web.post()
                .uri("/api/signups")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(JSON.writeValueAsBytes(signup(given)))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        assertThat(problem).contains("\"field\":\"country\"").doesNotContain(given);
    }

    @Test
    void countryStaysOptional() {
        Map<String, Object> body = signup("de");
        body.remove("country");

        assertThat(accepted(body).getSignup().getCountry()).isNull();
    }

    private TenantRequested accepted(Map<String, Object> body) {
        Map<?, ?> answer = web.post()
                .uri("/api/signups")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(JSON.writeValueAsBytes(body))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return registry.requested.get(UUID.fromString(answer.get("tenantId").toString()));
    }

    private static Map<String, Object> signup(String country) {
        Map<String, Object> body = new HashMap<>();
        body.put("organization", "Analytical Engines");
        body.put("subdomain", "engines-" + UUID.randomUUID().toString().substring(0, 8));
        body.put("email", "ada@example.com");
        body.put("firstName", "Ada");
        body.put("lastName", "Lovelace");
        body.put("password", "Quartz-lantern-meadow-57-orbit");
        body.put("country", country);
        body.put("timezone", "Europe/Berlin");
        body.put("currency", "eur");
        return body;
    }
}
