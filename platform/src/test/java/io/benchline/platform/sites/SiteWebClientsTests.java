package io.benchline.platform.sites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SiteWebClientsTests {

    private HttpServer server;
    private final AtomicReference<String> hostHeader = new AtomicReference<>();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            hostHeader.set(exchange.getRequestHeaders().getFirst("Host"));
            byte[] body = "{\"message\":\"Administrator\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void resolvesSiteNamesThroughOverridesAndKeepsTheSiteInTheHostHeader() {
        var clients = new SiteWebClients(properties(Map.of("*.benchline.test", "127.0.0.1"), true));
        String url = "http://acme.benchline.test:" + server.getAddress().getPort() + "/api/method/ping";

        String body = clients.webClient()
                .get()
                .uri(url)
                .retrieve()
                .bodyToMono(String.class)
                .block();

        assertThat(body).contains("Administrator");
        assertThat(hostHeader.get())
                .isEqualTo("acme.benchline.test:" + server.getAddress().getPort());
    }

    @Test
    void exactNameOverridesWinOverPatterns() {
        var overrides = new NameOverrides(Map.of("*.example", "10.0.0.1", "acme.example", "127.0.0.1"));

        assertThat(overrides.address("acme.example", null).getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(overrides.address("other.example", null).getHostAddress()).isEqualTo("10.0.0.1");
        assertThat(overrides.address("example.org", null)).isNull();
    }

    @Test
    void refusesPlainHttpUnlessAllowed() {
        var clients = new SiteWebClients(properties(Map.of("*.benchline.test", "127.0.0.1"), false));
        String url = "http://acme.benchline.test:" + server.getAddress().getPort() + "/";

        assertThatThrownBy(() -> clients.webClient()
                        .get()
                        .uri(url)
                        .retrieve()
                        .toBodilessEntity()
                        .block())
                .isInstanceOf(PlainHttpRefused.class)
                .hasMessageContaining("allow-plain-http");
        assertThat(hostHeader.get()).as("no request was sent").isNull();
    }

    @Test
    void rejectsOverridesThatAreNotIpAddresses() {
        assertThatThrownBy(() -> new NameOverrides(Map.of("*.localhost", "evil.example.com")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be an IP address");
    }

    private static SiteConnectionProperties properties(Map<String, String> resolve, boolean allowPlainHttp) {
        return new SiteConnectionProperties(
                resolve, allowPlainHttp, Duration.ofSeconds(2), Duration.ofSeconds(5), List.of());
    }
}
