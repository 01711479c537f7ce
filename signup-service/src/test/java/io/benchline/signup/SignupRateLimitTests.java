package io.benchline.signup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** One client address gets {@code capacity} signups per period; the next is told when to come back. */
@WebFluxTest
@Import(WithoutKafka.class)
@TestPropertySource(properties = {"benchline.signup.rate-limit.capacity=2", "benchline.signup.rate-limit.period=1h"})
class SignupRateLimitTests {

    @Autowired
    WebTestClient web;

    @Test
    void aClientOverItsLimitGets429WithRetryAfterAndTheLiveCheckStaysOpen() {
        for (int i = 0; i < 2; i++) {
            post().expectStatus().isBadRequest(); // counted, even though invalid: the limit guards the work
        }
        var refused = post().expectStatus()
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .returnResult(String.class);
        long retryAfter = Long.parseLong(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER));
        assertThat(retryAfter).isBetween(1L, 3600L);

        web.get().uri("/api/subdomains/open-check").exchange().expectStatus().isOk();
    }

    private WebTestClient.ResponseSpec post() {
        return web.post()
                .uri("/api/signups")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange();
    }
}
