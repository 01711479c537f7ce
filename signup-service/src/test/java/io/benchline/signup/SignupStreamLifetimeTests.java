package io.benchline.signup;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.signup.status.StatusTransitions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

/** A stream of a signup that never finishes still ends; an instance holding its maximum of streams answers 503. */
@WebFluxTest
@Import(WithoutKafka.class)
@TestPropertySource(
        properties = {
            "benchline.signup.status-visibility-timeout=10ms",
            "benchline.signup.rate-limit.capacity=1000",
            "benchline.signup.heartbeat=200ms",
            "benchline.signup.streams.max-lifetime=2s",
            "benchline.signup.streams.max-per-instance=1"
        })
class SignupStreamLifetimeTests {

    private static final ParameterizedTypeReference<ServerSentEvent<JsonNode>> SSE =
            new ParameterizedTypeReference<>() {};

    @Autowired
    WebTestClient web;

    @Autowired
    WithoutKafka.InMemoryRegistry registry;

    @Autowired
    WithoutKafka.InMemoryStatuses statuses;

    @Test
    void aStreamEndsAfterItsMaximumLifetimeAndAFullInstanceAnswers503Meanwhile() {
        String first = acceptedEventsUrl();
        String second = acceptedEventsUrl();

        var open = web.get()
                .uri(first)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(SSE);
        web.get()
                .uri(second)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER);

        // Heartbeats every 200 ms would keep it open forever; the lifetime (2 s) ends it.
        List<ServerSentEvent<JsonNode>> frames =
                open.getResponseBody().collectList().block(Duration.ofSeconds(10));
        assertThat(frames).anyMatch(frame -> "heartbeat".equals(frame.comment()));

        Disposable again = web.get()
                .uri(second)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(SSE)
                .getResponseBody()
                .subscribe();
        again.dispose();
    }

    private String acceptedEventsUrl() {
        Map<String, Object> body = new HashMap<>();
        body.put("organization", "Forever Pending");
        body.put("subdomain", "pending-" + UUID.randomUUID().toString().substring(0, 8));
        body.put("email", "ada@example.com");
        body.put("fullName", "Ada Lovelace");
        body.put("password", "Quartz-lantern-meadow-57-orbit");
        AcceptedSignup accepted = AcceptedSignup.post(web, body);
        UUID tenantId = accepted.tenantId();
        statuses.statuses.put(tenantId, StatusTransitions.accepted(registry.requested.get(tenantId)));
        return accepted.eventsUrl();
    }
}
