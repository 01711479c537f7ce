package io.benchline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Every service's web server is Reactor Netty; this proves the build's version keeps reading a kept-alive
 * connection (reactor/reactor-netty#4361). Three requests on one connection, never pipelined: the second is sent
 * once the first's response has arrived but while the first's handler still runs, and is answered at once. Reactor
 * Netty 1.3.6 (Boot 4.0.7's) then never reads the third, with or without its {@code lastFlushWhenNoRead} stopgap;
 * 1.3.8 answers it. The same stall is the likeliest cause of the requests CI saw unanswered until their clients
 * gave up: an invalid signup's POST, an actuator scrape after a health check, a GET of enterUrl.
 */
class ReactorNettyKeepAliveTests {

    /** How long the first request's operations outlive its (complete) response. */
    private static final Duration FIRST_ENDS_LATER = Duration.ofMillis(300);

    private DisposableServer server;

    @BeforeEach
    void start() {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((request, response) -> request.uri().equals("/first")
                        ? response.header("Content-Length", "2")
                                .sendString(Flux.just("o", "k"))
                                .then()
                                .then(Mono.delay(FIRST_ENDS_LATER).then())
                        : response.header("Content-Length", "2").sendString(Mono.just("ok")))
                .bindNow(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        server.disposeNow(Duration.ofSeconds(10));
    }

    @Test
    void theServerKeepsReadingAKeepAliveConnectionAfterAnAnswerGivenAtOnce() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            for (String path : new String[] {"/first", "/second", "/third"}) {
                socket.getOutputStream()
                        .write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                assertThat(readResponse(socket.getInputStream(), path))
                        .as("the answer to " + path)
                        .startsWith("HTTP/1.1 200")
                        .endsWith("\r\n\r\nok");
            }
        }
    }

    /** One response with a two-byte body; a read that times out (the hang) fails the test. */
    private static String readResponse(InputStream in, String path) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        while (true) {
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no answer to " + path + " on the kept-alive connection within 5 s", e);
            }
            if (b < 0) {
                break;
            }
            read.write(b);
            String text = read.toString(StandardCharsets.US_ASCII);
            int headersEnd = text.indexOf("\r\n\r\n");
            if (headersEnd >= 0 && text.length() == headersEnd + 4 + 2) {
                return text;
            }
        }
        return read.toString(StandardCharsets.US_ASCII);
    }
}
