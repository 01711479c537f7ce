package io.benchline.platform.sites;

import io.netty.channel.ChannelOption;
import java.time.Duration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Builds the non-blocking {@link WebClient} every service uses to reach customer sites: one shared connection
 * pool and event loop (no thread per request), connect and response timeouts, TLS verified by Reactor Netty's
 * defaults (trust store and host name), plain HTTP refused unless allowed.
 */
public final class SiteWebClients implements AutoCloseable {

    /**
     * Reactor Netty keeps one pool per remote host, and every customer site is a host of its own: idle
     * connections and the pools of sites no longer called are evicted in the background so they do not pile up.
     */
    private final ConnectionProvider connections = ConnectionProvider.builder("benchline-sites")
            .maxConnections(50)
            .maxIdleTime(Duration.ofSeconds(20))
            .evictInBackground(Duration.ofSeconds(30))
            .disposeInactivePoolsInBackground(Duration.ofMinutes(1), Duration.ofMinutes(2))
            .build();

    private final WebClient webClient;

    public SiteWebClients(SiteConnectionProperties properties) {
        HttpClient http = HttpClient.create(connections)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        properties.connectTimeout().toMillis())
                .responseTimeout(properties.responseTimeout());
        if (!properties.resolve().isEmpty()) {
            NameOverrides overrides = new NameOverrides(properties.resolve());
            http = http.resolver(spec -> spec.hostsFileEntriesResolver(overrides));
        }
        this.webClient = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .filter(schemePolicy(properties.allowPlainHttp()))
                .build();
    }

    public WebClient webClient() {
        return webClient;
    }

    /** Called by Spring when the context closes. */
    @Override
    public void close() {
        connections.dispose();
    }

    private static ExchangeFilterFunction schemePolicy(boolean allowPlainHttp) {
        return (request, next) -> {
            if (!allowPlainHttp && "http".equalsIgnoreCase(request.url().getScheme())) {
                return Mono.error(new PlainHttpRefused(request.url().toString()));
            }
            return next.exchange(request);
        };
    }
}
