package io.benchline.signup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.FailureReason;
import io.benchline.events.FailureStage;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.TenantRequested;
import io.benchline.schemas.SampleEvents;
import io.benchline.signup.status.SignupStatus;
import io.benchline.signup.status.StatusTransitions;
import java.time.Duration;
import java.time.Instant;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * The private stream and status of one signup at the edge: bad tokens, streams that end, caps on how many streams
 * one signup and one client may hold, and failure text that tells the customer what to do and nothing internal.
 */
@WebFluxTest
@Import(WithoutKafka.class)
@TestPropertySource(
        properties = {
            "benchline.signup.status-visibility-timeout=10ms",
            "benchline.signup.rate-limit.capacity=1000",
            "benchline.signup.heartbeat=200ms",
            "benchline.signup.streams.max-per-signup=1",
            "benchline.signup.streams.max-per-client=2"
        })
class SignupStreamTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ParameterizedTypeReference<ServerSentEvent<JsonNode>> SSE =
            new ParameterizedTypeReference<>() {};

    @Autowired
    WebTestClient web;

    @Autowired
    WithoutKafka.InMemoryRegistry registry;

    @Autowired
    WithoutKafka.InMemoryStatuses statuses;

    @Test
    void aStreamOfAFinishedSignupEndsWhateverLastEventIdSays() {
        AcceptedSignup signup = accept();
        SignupStatus completed = StatusTransitions.apply(
                        accepted(signup), SampleEvents.signupCompleted(signup.tenantId()))
                .orElseThrow();
        statuses.statuses.put(signup.tenantId(), completed);

        for (String lastEventId : List.of("2", "3", "99", "9223372036854775807")) {
            List<ServerSentEvent<JsonNode>> frames = stream(signup.eventsUrl(), lastEventId);
            assertThat(frames).as("after Last-Event-ID " + lastEventId).allMatch(frame -> frame.event() == null);
        }
        List<ServerSentEvent<JsonNode>> resumed = stream(signup.eventsUrl(), "1");
        assertThat(resumed.stream().filter(f -> f.event() != null).map(ServerSentEvent::event))
                .containsExactly("completed");
    }

    @Test
    void aMissingOrMalformedTokenIs401AndAnotherSignupsTokenIs404NeverA500() {
        AcceptedSignup signup = accept();
        AcceptedSignup stranger = accept();
        String events = "/api/signups/" + signup.tenantId() + "/events";
        for (String token : List.of(
                "9223372036854775807.x",
                "99999999999999999999999.x",
                "1.forged",
                "k1.9223372036854775807.x",
                "..",
                "%00")) {
            web.get()
                    .uri(events + "?token=" + token)
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
            web.get()
                    .uri("/api/signups/" + signup.tenantId() + "?token=" + token)
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        web.get()
                .uri("/api/signups/" + signup.tenantId() + "?token=" + stranger.token())
                .exchange()
                .expectStatus()
                .isNotFound();
        web.get()
                .uri(events + "?token=" + stranger.token())
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void theStreamTokenLastsUntilTheSignupsDeadlinePlusTheHandOffWindowNotADay() {
        AcceptedSignup signup = accept();
        Instant deadline = registry.requested.get(signup.tenantId()).getSignup().getDeadlineAt();
        String cookie = signup.setCookie();
        long maxAge = Long.parseLong(cookie.replaceAll(".*Max-Age=(\\d+).*", "$1"));
        long untilDeadline = Duration.between(Instant.now(), deadline).toSeconds();
        // deadline (30m) + TIMEOUT grace (30s) + hand-off window (10m), not P1D
        assertThat(maxAge).isBetween(untilDeadline, untilDeadline + 11 * 60);
    }

    @Test
    void aFailedSignupTellsTheCustomerStageReasonWhatToDoAndAReferenceButNothingInternal() {
        AcceptedSignup signup = accept();
        ProvisioningFailed internal = ProvisioningFailed.newBuilder(SampleEvents.provisioningFailed(signup.tenantId()))
                .setStage(FailureStage.PROVISION)
                .setReason(FailureReason.BENCH_COMMAND_FAILED)
                .setMessage("bench new-site failed on bench-7.hosts.internal (10.0.3.7) exit 1:"
                        + " Traceback pymysql.err.OperationalError (1045, \"Access denied for user 'root'\")")
                .build();
        statuses.statuses.put(
                signup.tenantId(),
                StatusTransitions.apply(accepted(signup), internal).orElseThrow());

        JsonNode status = web.get()
                .uri("/api/signups/" + signup.tenantId() + "?token=" + signup.token())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        List<ServerSentEvent<JsonNode>> frames = stream(signup.eventsUrl(), null);
        JsonNode last = frames.get(frames.size() - 1).data();

        for (JsonNode failure : List.of(status.get("failure"), last)) {
            String message = failure.get("message").asString();
            assertThat(message)
                    .doesNotContain("bench-7", "10.0.3.7", "new-site", "Traceback", "pymysql", "root", "exit 1");
            assertThat(message)
                    .contains("sign up again")
                    .contains(signup.tenantId().toString());
            assertThat(failure.get("supportReference").asString())
                    .isEqualTo(signup.tenantId().toString());
            assertThat(failure.get("reason").asString()).isEqualTo("bench_command_failed");
        }
        assertThat(status.get("failure").get("stage").asString()).isEqualTo("provision");
        assertThat(last.get("failedStage").asString()).isEqualTo("provision");
        assertThat(JSON.writeValueAsString(status)).doesNotContain("bench-7", "Traceback");
    }

    @Test
    void oneSignupMayHoldOneStreamAndOneClientTwoAndTheNextIs429UntilOneCloses() {
        AcceptedSignup first = accept();
        AcceptedSignup second = accept();
        AcceptedSignup third = accept();
        for (AcceptedSignup signup : List.of(first, second, third)) {
            statuses.statuses.put(signup.tenantId(), accepted(signup));
        }
        Disposable firstStream = open(first);
        try {
            web.get()
                    .uri(first.eventsUrl())
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .exchange()
                    .expectStatus()
                    .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader()
                    .exists(HttpHeaders.RETRY_AFTER);

            Disposable secondStream = open(second);
            try {
                web.get()
                        .uri(third.eventsUrl())
                        .accept(MediaType.TEXT_EVENT_STREAM)
                        .exchange()
                        .expectStatus()
                        .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                        .expectHeader()
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
            } finally {
                secondStream.dispose();
            }
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> open(third).dispose());
        } finally {
            firstStream.dispose();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> open(first).dispose());
    }

    /** Opens a stream and keeps it open until disposed; fails unless the stream was granted. */
    private Disposable open(AcceptedSignup signup) {
        var result = web.get()
                .uri(signup.eventsUrl())
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(SSE);
        return result.getResponseBody().subscribe();
    }

    private List<ServerSentEvent<JsonNode>> stream(String eventsUrl, String lastEventId) {
        return web.get()
                .uri(eventsUrl)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .headers(headers -> {
                    if (lastEventId != null) {
                        headers.set("Last-Event-ID", lastEventId);
                    }
                })
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(SSE)
                .getResponseBody()
                .collectList()
                .block(Duration.ofSeconds(5));
    }

    private SignupStatus accepted(AcceptedSignup signup) {
        TenantRequested requested = registry.requested.get(signup.tenantId());
        return StatusTransitions.accepted(requested);
    }

    private AcceptedSignup accept() {
        Map<String, Object> form = new HashMap<>();
        form.put("organization", "Stream Works");
        form.put("subdomain", "stream-" + UUID.randomUUID().toString().substring(0, 8));
        form.put("email", "ada@example.com");
        form.put("fullName", "Ada Lovelace");
        form.put("password", "Quartz-lantern-meadow-57-orbit");
        return AcceptedSignup.post(web, form);
    }
}
