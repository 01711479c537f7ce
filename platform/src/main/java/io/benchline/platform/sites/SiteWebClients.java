package io.benchline.platform.sites;

import io.netty.channel.ChannelOption;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Builds the non-blocking {@link WebClient} every service uses to reach customer sites: one shared connection
 * pool and event loop (no thread per request), connect and response timeouts, TLS verified by Reactor Netty's
 * defaults (trust store and host name), plain HTTP refused unless allowed.
 */
public final class SiteWebClients {

    private final WebClient webClient;

    public SiteWebClients(SiteConnectionProperties properties) {
        HttpClient http = HttpClient.create()
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

    private static ExchangeFilterFunction schemePolicy(boolean allowPlainHttp) {
        return (request, next) -> {
            if (!allowPlainHttp && "http".equalsIgnoreCase(request.url().getScheme())) {
                return Mono.error(new PlainHttpRefused(request.url().toString()));
            }
            return next.exchange(request);
        };
    }
}
