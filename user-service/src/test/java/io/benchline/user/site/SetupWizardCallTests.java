package io.benchline.user.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.benchline.platform.secrets.Secret;
import io.benchline.platform.sites.SiteConnectionProperties;
import io.benchline.platform.sites.SiteWebClients;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code setup_complete} against a real HTTP server standing in for a v15 site: it is sent once, waits longer than
 * other calls, and after an unclear answer the client asks the site whether setup is complete instead of
 * running the wizard a second time.
 */
class SetupWizardCallTests {

    private static final Duration SITE_RESPONSE_TIMEOUT = Duration.ofMillis(300);

    private final JsonMapper json = JsonMapper.builder().build();
    private static final String OK = "{\"message\":{\"status\":\"ok\"}}";

    /** The site's System Settings.setup_complete, as frappe.client.get_single_value reads it. */
    private final AtomicBoolean setupComplete = new AtomicBoolean();
    /** When set, the flag turns 1 at this many checks (a wizard finishing while the client confirms). */
    private final AtomicInteger completeAfterChecks = new AtomicInteger(Integer.MAX_VALUE);

    private final AtomicInteger flagChecks = new AtomicInteger();
    private final List<String> flagQueries = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private SiteWebClients webClients;
    private SiteAccess access;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/api/method/frappe.client.get_single_value", exchange -> {
            flagQueries.add(exchange.getRequestURI().getQuery());
            if (flagChecks.incrementAndGet() >= completeAfterChecks.get()) {
                setupComplete.set(true);
            }
            respond(exchange, 200, "{\"message\":" + (setupComplete.get() ? 1 : 0) + "}");
        });
        server.start();
        webClients = new SiteWebClients(new SiteConnectionProperties(
                Map.of(), true, Duration.ofSeconds(1), SITE_RESPONSE_TIMEOUT, java.util.List.of()));
        access = new SiteAccess(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Secret.of("key"), Secret.of("secret"));
    }

    @AfterEach
    void stop() {
        server.stop(0);
        webClients.close();
    }

    @Test
    void aSlowWizardIsWaitedForWithItsOwnTimeoutAndSentOnce() {
        AtomicInteger posts = new AtomicInteger();
        wizard(exchange -> {
            posts.incrementAndGet();
            pause(SITE_RESPONSE_TIMEOUT.multipliedBy(3)); // ERPNext's fixtures take longer than any other call
            respond(exchange, 200, OK);
        });

        SetupWizardResult result = run(client(Duration.ofSeconds(3), Duration.ofSeconds(2)));

        assertThat(result.outcome()).isEqualTo(SetupWizardResult.Outcome.COMPLETED);
        assertThat(posts).hasValue(1);
        assertThat(flagChecks).hasValue(0);
    }

    @Test
    void aReadTimeoutIsFollowedByACompletionCheckNeverByASecondRun() {
        AtomicInteger posts = new AtomicInteger();
        wizard(exchange -> {
            posts.incrementAndGet();
            pause(Duration.ofMillis(1500)); // still running when the client stops waiting
            setupComplete.set(true);
            respond(exchange, 200, OK);
        });

        SetupWizardResult result = run(client(Duration.ofMillis(500), Duration.ofSeconds(5)));

        assertThat(result.outcome()).isEqualTo(SetupWizardResult.Outcome.COMPLETED);
        assertThat(result.detail()).contains("no answer within").contains("reported setup complete");
        assertThat(posts).hasValue(1);
        assertThat(flagChecks).hasValueGreaterThan(1);
    }

    @Test
    void aProxyErrorIsConfirmedByPollingNeverByASecondRun() {
        AtomicInteger posts = new AtomicInteger();
        wizard(exchange -> {
            posts.incrementAndGet();
            // nginx's 502 when gunicorn's worker timed out; the wizard finishes behind it a little later.
            completeAfterChecks.set(3);
            respondHtml(exchange, 502, "<html><body><h1>502 Bad Gateway</h1></body></html>");
        });

        SetupWizardResult result = run(client(Duration.ofSeconds(3), Duration.ofSeconds(5)));

        assertThat(result.outcome()).isEqualTo(SetupWizardResult.Outcome.COMPLETED);
        assertThat(posts).hasValue(1);
        assertThat(flagChecks).hasValue(3);
        assertThat(flagQueries).allMatch(q -> q.equals("doctype=System Settings&field=setup_complete"));
    }

    @Test
    void queuedMeansNotDoneSoItPollsUntilTheSiteReportsSetupComplete() {
        wizard(exchange -> {
            completeAfterChecks.set(2);
            respond(exchange, 200, "{\"message\":{\"status\":\"registered\"}}");
        });

        SetupWizardResult result = run(client(Duration.ofSeconds(3), Duration.ofSeconds(5)));

        assertThat(result.outcome()).isEqualTo(SetupWizardResult.Outcome.COMPLETED);
        assertThat(result.detail()).contains("registered");
        assertThat(flagChecks).hasValue(2);
    }

    @Test
    void aWizardThatNeverReportsCompleteIsUnconfirmedWithinTheBound() {
        AtomicInteger posts = new AtomicInteger();
        wizard(exchange -> {
            posts.incrementAndGet();
            respondHtml(exchange, 504, "");
        });
        Instant start = Instant.now();

        SetupWizardResult result = run(client(Duration.ofSeconds(3), Duration.ofMillis(600)));

        assertThat(result.outcome()).isEqualTo(SetupWizardResult.Outcome.UNCONFIRMED);
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(3));
        assertThat(posts).hasValue(1);
        assertThat(flagChecks).hasValueGreaterThan(1);
    }

    @Test
    void frappesOwnServerErrorFailsWithItsMessageWhenSetupIsNotComplete() {
        AtomicInteger posts = new AtomicInteger();
        wizard(exchange -> {
            posts.incrementAndGet();
            respond(
                    exchange,
                    500,
                    "{\"exc_type\":\"LinkValidationError\",\"setup_wizard_failure_message\":\"Failed to create company\","
                            + "\"_server_messages\":\"[\\\"{\\\\\\\"message\\\\\\\": \\\\\\\"Could not find Country\\\\\\\"}\\\"]\"}");
        });

        SetupWizardResult result = run(client(Duration.ofSeconds(3), Duration.ofSeconds(5)));

        assertThat(result.outcome()).isEqualTo(SetupWizardResult.Outcome.FAILED);
        assertThat(result.detail()).contains("HTTP 500", "Failed to create company", "Could not find Country");
        assertThat(posts).hasValue(1);
        assertThat(flagChecks).hasValue(1);
    }

    @Test
    void aValidationErrorFailsAtOnceWithFrappesMessage() {
        AtomicInteger posts = new AtomicInteger();
        wizard(exchange -> {
            posts.incrementAndGet();
            respond(
                    exchange,
                    417,
                    "{\"exc_type\":\"ValidationError\",\"_server_messages\":"
                            + "\"[\\\"{\\\\\\\"message\\\\\\\": \\\\\\\"Invalid <b>currency</b>\\\\\\\"}\\\"]\"}");
        });

        SetupWizardResult result = run(client(Duration.ofSeconds(3), Duration.ofSeconds(5)));

        assertThat(result).isEqualTo(new SetupWizardResult(SetupWizardResult.Outcome.FAILED, "Invalid currency"));
        assertThat(posts).hasValue(1);
        assertThat(flagChecks).hasValue(0);
    }

    @Test
    void aRequestRefusedBeforeTheMethodRanIsSentAgain() {
        AtomicInteger posts = new AtomicInteger();
        wizard(exchange -> {
            if (posts.incrementAndGet() == 1) {
                respond(exchange, 401, "{\"exc_type\":\"AuthenticationError\"}");
            } else {
                respond(exchange, 200, OK);
            }
        });

        SetupWizardResult result = run(client(Duration.ofSeconds(3), Duration.ofSeconds(5)));

        assertThat(result.outcome()).isEqualTo(SetupWizardResult.Outcome.COMPLETED);
        assertThat(posts).hasValue(2);
    }

    private SetupWizardResult run(SiteApiClient client) {
        return client.completeSetupWizard(
                        access, Map.of("country", "Germany"), Instant.now().plusSeconds(30))
                .block(Duration.ofSeconds(30));
    }

    private void wizard(HttpHandler handler) {
        server.createContext(SiteApiClient.SETUP_COMPLETE, handler);
    }

    private SiteApiClient client(Duration wizardTimeout, Duration confirmWithin) {
        return new SiteApiClient(
                webClients,
                new SiteCallProperties(Duration.ofMillis(20), Duration.ofMillis(50), 4, Duration.ofSeconds(10)),
                new SetupWizardProperties(
                        true, "English", "Standard", Map.of(), wizardTimeout, Duration.ofMillis(50), confirmWithin),
                json,
                Clock.systemUTC());
    }

    /** The stand-in site's own slowness, as a real wizard run has it; the test itself never sleeps. */
    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "application/json", body);
    }

    private static void respondHtml(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "text/html", body);
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        try {
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            // The client stopped waiting (its timeout): a real site finishes the wizard all the same.
        } finally {
            exchange.close();
        }
    }
}
