package io.benchline.signup;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Many addresses together get no more than the global bucket: the backstop behind the per-client limit. */
@WebFluxTest
@Import(WithoutKafka.class)
@TestPropertySource(
        properties = {
            "benchline.signup.rate-limit.capacity=100",
            "benchline.signup.rate-limit.period=1h",
            "benchline.signup.rate-limit.global-capacity=3"
        })
class SignupGlobalLimitTests {

    @Autowired
    ApplicationContext context;

    @Test
    void signupsFromManyClientsStopAtTheGlobalBucket() {
        WebTestClient web = SignupRateLimitTests.PeerAddress.client(context);
        for (int i = 0; i < 3; i++) {
            post(web, "198.51.100." + i).expectStatus().isBadRequest();
        }

        post(web, "198.51.100.200")
                .expectStatus()
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private static WebTestClient.ResponseSpec post(WebTestClient web, String peer) {
        return web.post()
                .uri("/api/signups")
                .header(SignupRateLimitTests.PeerAddress.HEADER, peer)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange();
    }
}
