package io.benchline.verifier.benchmark;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A loopback-only stand-in for many Frappe sites: each site name answers 404 (not routed) until its reachable
 * time, then 200 {@code {"message":"Administrator"}}. Non-blocking (Reactor Netty), counts probes per site, and
 * stops by itself after {@code lifetime} even if the benchmark forgets it.
 */
final class ReachableLater implements AutoCloseable {

    private final Map<String, Long> reachableAtNanos = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> probes = new ConcurrentHashMap<>();
    private final DisposableServer server;

    ReachableLater(Duration lifetime) {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((request, response) -> {
                    String host = request.requestHeaders().get("Host", "");
                    String site = host.replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT);
                    probes.computeIfAbsent(site, s -> new AtomicInteger()).incrementAndGet();
                    Long at = reachableAtNanos.get(site);
                    if (at == null || System.nanoTime() < at) {
                        return response.status(404).sendString(Mono.just("<h1>Not Found</h1>"));
                    }
                    return response.status(200)
                            .header("Content-Type", "application/json")
                            .sendString(Mono.just("{\"message\":\"Administrator\"}"));
                })
                .bindNow();
        Mono.delay(lifetime).subscribe(tick -> server.disposeNow());
    }

    int port() {
        return server.port();
    }

    void reachableAt(String site, long nanoTime) {
        reachableAtNanos.put(site, nanoTime);
    }

    int probes(String site) {
        AtomicInteger count = probes.get(site);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        if (!server.isDisposed()) {
            server.disposeNow();
        }
    }
}
