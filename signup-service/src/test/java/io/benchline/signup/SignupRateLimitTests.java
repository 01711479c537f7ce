package io.benchline.signup;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import org.junit.jupiter.api.BeforeEach;
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

/**
 * One client gets {@code capacity} signups per period; the next is told when to come back. The limit follows the
 * route the controller serves, so neither path parameters nor percent-encoding escape it, and a client is who the
 * trusted proxies say it is (an IPv6 client is its /64), never who an untrusted peer claims to be.
 */
@WebFluxTest
@Import(WithoutKafka.class)
@TestPropertySource(
        properties = {
            "benchline.signup.rate-limit.capacity=2",
            "benchline.signup.rate-limit.period=1h",
            "benchline.signup.rate-limit.global-capacity=1000",
            "benchline.signup.rate-limit.subdomain-check-capacity=3",
            "benchline.signup.rate-limit.trusted-proxies=10.0.0.0/8,fd00::/8"
        })
class SignupRateLimitTests {

    @Autowired
    ApplicationContext context;

    WebTestClient web;

    @BeforeEach
    void clientWhosePeerAddressTheTestSets() {
        web = PeerAddress.client(context);
    }

    @Test
    void aClientOverItsLimitGets429WithRetryAfterAndTheLiveCheckStaysOpen() {
        String peer = "192.0.2.1";
        for (int i = 0; i < 2; i++) {
            post(peer, "/api/signups")
                    .expectStatus()
                    .isBadRequest(); // counted, even though invalid: the limit guards the work
        }
        var refused = post(peer, "/api/signups")
                .expectStatus()
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .returnResult(String.class);
        long retryAfter = Long.parseLong(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER));
        assertThat(retryAfter).isBetween(1L, 3600L);

        check(peer, "open-check").expectStatus().isOk();
    }

    @Test
    void matrixParametersAndPercentEncodingAreCountedOnTheSameRoute() {
        String peer = "192.0.2.2";
        post(peer, "/api/signups;x=1")
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Path parameters are not accepted");
        post(peer, "/api/%73ignups").expectStatus().isBadRequest(); // reached the controller: an invalid signup

        post(peer, "/api/signups").expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    }

    @Test
    void anyPathParameterInTheApiIsRefused() {
        check("192.0.2.3", "acme;v=1")
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        check("192.0.2.3", "acme%3Bv=1").expectStatus().isBadRequest();
    }

    @Test
    void forwardedHeadersFromAnUntrustedPeerAreIgnored() {
        String peer = "192.0.2.4";
        for (int i = 0; i < 2; i++) {
            postForwarded(peer, "X-Forwarded-For", "198.51.100." + i)
                    .expectStatus()
                    .isBadRequest();
        }
        postForwarded(peer, "Forwarded", "for=198.51.100.9").expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    }

    @Test
    void behindATrustedProxyTheRightMostUntrustedAddressIsTheClient() {
        String proxy = "10.1.2.3";
        // The client may write anything on the left; the proxies append what they saw.
        postForwarded(proxy, "X-Forwarded-For", "6.6.6.6, 203.0.113.10, 10.9.9.9")
                .expectStatus()
                .isBadRequest();
        postForwarded(proxy, "X-Forwarded-For", "7.7.7.7, 203.0.113.10")
                .expectStatus()
                .isBadRequest();
        postForwarded(proxy, "Forwarded", "for=8.8.8.8, for=\"203.0.113.10:4711\";proto=https")
                .expectStatus()
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS);

        postForwarded(proxy, "X-Forwarded-For", "203.0.113.11").expectStatus().isBadRequest();
        postForwarded(proxy, "Forwarded", "for=\"[2001:db8:7::1]\"")
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void anIpv6ClientIsItsSlash64() {
        post("2001:db8:1:2::1", "/api/signups").expectStatus().isBadRequest();
        post("2001:db8:1:2:ffff:ffff:ffff:fffe", "/api/signups").expectStatus().isBadRequest();
        post("2001:db8:1:2::3", "/api/signups").expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);

        post("2001:db8:1:3::1", "/api/signups").expectStatus().isBadRequest();
    }

    @Test
    void theSubdomainCheckHasItsOwnLimit() {
        String peer = "192.0.2.5";
        for (int i = 0; i < 3; i++) {
            check(peer, "name-" + i).expectStatus().isOk();
        }
        check(peer, "name-3")
                .expectStatus()
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.head()
                .uri(URI.create("/api/%73ubdomains/name-4"))
                .header(PeerAddress.HEADER, peer)
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS);

        post(peer, "/api/signups").expectStatus().isBadRequest(); // signups are counted apart
    }

    private WebTestClient.ResponseSpec post(String peer, String path) {
        return web.post()
                .uri(URI.create(path))
                .header(PeerAddress.HEADER, peer)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange();
    }

    private WebTestClient.ResponseSpec postForwarded(String peer, String header, String value) {
        return web.post()
                .uri("/api/signups")
                .header(PeerAddress.HEADER, peer)
                .header(header, value)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange();
    }

    private WebTestClient.ResponseSpec check(String peer, String name) {
        return web.get()
                .uri(URI.create("/api/subdomains/" + name))
                .header(PeerAddress.HEADER, peer)
                .exchange();
    }

    /** The mock server has no TCP peer: a filter ahead of the application's sets the one the test names. */
    static final class PeerAddress {

        static final String HEADER = "X-Test-Peer";

        static WebTestClient client(ApplicationContext context) {
            return WebTestClient.bindToApplicationContext(context)
                    .webFilter((exchange, chain) -> {
                        String peer = exchange.getRequest().getHeaders().getFirst(HEADER);
                        if (peer == null) {
                            return chain.filter(exchange);
                        }
                        return chain.filter(exchange.mutate()
                                .request(r -> r.remoteAddress(new InetSocketAddress(peer, 40000)))
                                .build());
                    })
                    .configureClient()
                    .build();
        }

        private PeerAddress() {}
    }
}
