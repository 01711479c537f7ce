package io.benchline.simulator;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The site port keeps idle keep-alive connections as nginx does: with hundreds of them idle (every service's pool
 * keeps its connections 20 s, one pool per site), a connection used again still answers instead of being reset.
 */
class KeepAliveTests {

    /** More than the JDK server's own limit (200), past which it closed each connection that went idle. */
    private static final int IDLE_CONNECTIONS = 260;

    @Test
    void aConnectionUsedAgainAnswersWhileHundredsOfOthersAreIdle() throws IOException {
        try (FrappeSimulator simulator = FrappeSimulator.builder().start()) {
            URI base = URI.create(simulator.httpBaseUrl());
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < IDLE_CONNECTIONS; i++) {
                    Socket socket = new Socket(base.getHost(), base.getPort());
                    sockets.add(socket);
                    assertThat(statusLine(socket)).startsWith("HTTP/1.1 404");
                }
                for (Socket socket : sockets.subList(IDLE_CONNECTIONS - 10, IDLE_CONNECTIONS)) {
                    assertThat(statusLine(socket))
                            .as("a second request on an idle connection")
                            .startsWith("HTTP/1.1 404");
                }
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
        }
    }

    /** Sends a keep-alive GET for a site that does not exist and reads the answer's status line and body. */
    private static String statusLine(Socket socket) throws IOException {
        socket.getOutputStream()
                .write("GET / HTTP/1.1\r\nHost: nothing.localhost\r\nConnection: keep-alive\r\n\r\n"
                        .getBytes(US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        String head = readHead(in);
        int length = contentLength(head);
        in.readNBytes(length);
        return head.isEmpty() ? "(closed)" : head.substring(0, head.indexOf("\r\n"));
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            head.append((char) b);
            if (head.toString().endsWith("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(
                        line.substring("content-length:".length()).strip());
            }
        }
        return 0;
    }
}
