package io.benchline.signup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.platform.ports.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Start-up on a real broker: until the registry and the status stores can do their work the readiness group is
 * DOWN, and a signup that arrives meanwhile is told to come back (503, {@code Retry-After}), never a 500.
 */
class SignupStartUpTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path state;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private CompletableFuture<SignupInstance> starting;

    @AfterEach
    void stop() {
        if (starting != null) {
            starting.join().close();
        }
    }

    @Test
    void aSignupBeforeTheServiceIsReadyIs503WithRetryAfterAndAfterwardsItIsAccepted() {
        int port = FreePorts.take();
        int managementPort = FreePorts.take();
        starting = CompletableFuture.supplyAsync(() ->
                SignupInstance.launch(state, Map.of("server.port", port, "management.server.port", managementPort)));

        List<Answer> beforeReady = new CopyOnWriteArrayList<>();
        AtomicInteger sent = new AtomicInteger();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    // Readiness is read AFTER the signup was answered: still not ready then means it was not ready
                    // when the signup came (readiness only goes up at start). Reading it before raced the switch.
                    java.util.Optional<Answer> answer = post(port, sent.incrementAndGet());
                    if (readiness(managementPort) == 200) {
                        return true;
                    }
                    answer.ifPresent(beforeReady::add);
                    return false;
                });

        assertThat(beforeReady)
                .as("signups answered before the service was ready")
                .isNotEmpty();
        assertThat(beforeReady).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
            assertThat(answer.retryAfter()).as(answer.toString()).isNotBlank();
            assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
        });
        assertThat(post(port, sent.incrementAndGet()).orElseThrow().status()).isEqualTo(202);
    }

    private int readiness(int managementPort) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(
                                            "http://localhost:" + managementPort + "/actuator/health/readiness"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The answer, or empty while nothing listens on the port. */
    private java.util.Optional<Answer> post(int port, int attempt) {
        String subdomain = "start-" + attempt + "-" + Long.toHexString(System.nanoTime());
        String body = JSON.writeValueAsString(
                SignupServiceIntegrationTests.signup("Start " + attempt, subdomain, "ada" + attempt + "@acme.example"));
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/signups"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return java.util.Optional.of(new Answer(
                    response.statusCode(),
                    response.headers().firstValue("Retry-After").orElse(""),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body()));
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Answer(int status, String retryAfter, String contentType, String body) {}
}
