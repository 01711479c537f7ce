package io.benchline.verifier.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.platform.ports.FreePorts;
import io.benchline.platform.secrets.Secret;
import io.benchline.platform.sites.SiteConnectionProperties;
import io.benchline.platform.sites.SiteWebClients;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** One probe over real loopback HTTP, through the platform's site client with a curl-style name override. */
class SiteApiClientTests {

    private static final ProbeTarget TARGET = new ProbeTarget(
            "acme.localhost", "http://acme.localhost:%d", Secret.of("the-key"), Secret.of("the-secret"));

    private final SiteWebClients sites = new SiteWebClients(new SiteConnectionProperties(
            Map.of("*.localhost", "127.0.0.1"),
            true,
            Duration.ofSeconds(1),
            Duration.ofSeconds(10),
            java.util.List.of()));
    private final SiteApiClient client = new SiteApiClient(sites.webClient(), Duration.ofMillis(500));
    private DisposableServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.disposeNow();
        }
    }

    @Test
    void sendsTheTokenToTheLoggedUserEndpointByTheSitesName() {
        AtomicReference<String> seen = new AtomicReference<>();
        serve((host, auth, path) -> {
            seen.set(host + " " + auth + " " + path);
            return Mono.just(new Answer(200, "{\"message\":\"Administrator\"}"));
        });

        ProbeResult result = probe();

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.ACTIVE);
        assertThat(seen.get())
                .isEqualTo("acme.localhost:" + server.port()
                        + " token the-key:the-secret /api/method/frappe.auth.get_logged_user");
    }

    @Test
    void aSiteThatAnswersAsSomeoneElseIsNotActive() {
        serve((host, auth, path) -> Mono.just(new Answer(200, "{\"message\":\"Guest\"}")));

        assertThat(probe().outcome()).isEqualTo(ProbeOutcome.UNREACHABLE);
    }

    @Test
    void aSiteThatHoldsTheAnswerCountsAsServerTrouble() {
        serve((host, auth, path) -> Mono.<Answer>never());

        ProbeResult result = probe();

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.SERVER_ERROR);
        assertThat(result.detail()).contains("timeout");
    }

    @Test
    void aClosedPortCountsAsRoutingTrouble() throws Exception {
        int closedPort = FreePorts.take(); // nothing listens there

        ProbeResult result = client.probe(new ProbeTarget(
                        TARGET.siteName(), TARGET.siteUrl().formatted(closedPort), TARGET.apiKey(), TARGET.apiSecret()))
                .block(Duration.ofSeconds(5));

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.UNREACHABLE);
        assertThat(result.detail()).isEqualTo("connection refused");
    }

    private ProbeResult probe() {
        return client.probe(new ProbeTarget(
                        TARGET.siteName(),
                        TARGET.siteUrl().formatted(server.port()),
                        TARGET.apiKey(),
                        TARGET.apiSecret()))
                .block(Duration.ofSeconds(5));
    }

    private record Answer(int status, String body) {}

    private interface Site {
        Mono<Answer> answer(String host, String authorization, String path);
    }

    private void serve(Site site) {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((request, response) -> site.answer(
                                request.requestHeaders().get("Host"),
                                request.requestHeaders().get("Authorization"),
                                request.path().isEmpty() ? "/" : "/" + request.path())
                        .flatMap(answer -> response.status(answer.status())
                                .header("Content-Type", "application/json")
                                .sendString(Mono.just(answer.body()))
                                .then()))
                .bindNow();
    }
}
