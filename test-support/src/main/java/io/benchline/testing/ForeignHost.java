package io.benchline.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A second, real HTTP server (the JDK's) that stands for an attacker's host: it answers every request with 200
 * {@code {"message":"Administrator"}} (what a probe or a warm-up wants to hear) and records each one, so a test
 * can prove that no request, and so no credential, reached it. Bound to 127.0.0.1 on a free port.
 */
public final class ForeignHost implements AutoCloseable {

    /** One request as it arrived: method, path and whether it carried credentials. */
    public record Received(String method, String path, boolean authorization) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private ForeignHost(HttpServer server) {
        this.server = server;
    }

    public static ForeignHost start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            ForeignHost host = new ForeignHost(server);
            server.createContext("/", exchange -> {
                host.received.add(new Received(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().containsKey("Authorization")));
                exchange.getRequestBody().readAllBytes();
                byte[] body = "{\"message\":\"Administrator\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return host;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Every request received so far. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
