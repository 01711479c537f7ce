package io.benchline.verifier.probe;

import java.net.URI;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClientRequest;

/**
 * Sends one probe to a site the way its customer reaches it: {@code GET <siteUrl>/api/method/frappe.auth.get_logged_user}
 * with {@code Authorization: token <key>:<secret>}. Never fails: every error becomes a {@link ProbeResult}. A probe
 * takes at most the connect timeout ({@code benchline.sites.connect-timeout}) plus {@code probeTimeout}.
 */
public final class SiteApiClient {

    static final String LOGGED_USER_PATH = "/api/method/frappe.auth.get_logged_user";

    /** Larger bodies are not Frappe's answer to this call; reading them would only cost memory. */
    private static final int MAX_BODY_BYTES = 16 * 1024;

    private final WebClient webClient;
    private final Duration probeTimeout;

    public SiteApiClient(WebClient webClient, Duration probeTimeout) {
        this.webClient = webClient
                .mutate()
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_BODY_BYTES))
                .build();
        this.probeTimeout = probeTimeout;
    }

    public Mono<ProbeResult> probe(ProbeTarget target) {
        return Mono.defer(() -> webClient
                        .get()
                        .uri(endpoint(target.siteUrl()))
                        .header(
                                HttpHeaders.AUTHORIZATION,
                                "token " + target.apiKey().reveal() + ":"
                                        + target.apiSecret().reveal())
                        .accept(MediaType.APPLICATION_JSON)
                        .httpRequest(request -> {
                            // Reactor Netty's own response timeout fails the exchange from inside; a Reactor
                            // timeout would cancel it mid-body and Spring would report a dropped error.
                            if (request.getNativeRequest() instanceof HttpClientRequest nettyRequest) {
                                nettyRequest.responseTimeout(probeTimeout);
                            }
                        })
                        .exchangeToMono(response -> {
                            int status = response.statusCode().value();
                            if (status != 200) {
                                return response.releaseBody().thenReturn(SiteAnswers.ofResponse(status, ""));
                            }
                            return response.bodyToMono(String.class)
                                    .defaultIfEmpty("")
                                    .map(body -> SiteAnswers.ofResponse(status, body));
                        }))
                .timeout(probeTimeout.multipliedBy(2)) // a backstop: connecting has its own timeout too
                .onErrorResume(error -> Mono.just(SiteAnswers.ofError(error)));
    }

    private static URI endpoint(String siteUrl) {
        String base = siteUrl.endsWith("/") ? siteUrl.substring(0, siteUrl.length() - 1) : siteUrl;
        URI uri = URI.create(base + LOGGED_USER_PATH);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host in the site URL");
        }
        return uri;
    }
}
