package io.benchline.operator.canary;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server standing in for signup-service's public API (and the operator API's deprovision endpoint), for
 * the canary's own tests only: it answers as signup-service's README describes, builds the signup's site on the
 * simulated bench host, mails the code through GreenMail's SMTP, and mints real one-time login keys on that site.
 * The end-to-end tests run the canary against the real services.
 */
final class StandInSignupService implements AutoCloseable {

    enum Outcome {
        COMPLETES,
        FAILS_IN_PROVISIONING,
        HANDS_OFF_TO_THE_LOGIN_PAGE
    }

    /** One deprovision request as the operator API received it. */
    record Deprovision(String path, String authorization, String idempotencyKey, JsonNode body) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern SIGNUP_PATH = Pattern.compile("/api/signups/([0-9a-f-]{36})(/verification|/enter)?");
    private static final Pattern LOGIN_KEY = Pattern.compile("key=([0-9a-f]+)");

    private final HttpServer server;
    private final SimulatedBenchHost host;
    private final ServerSetup smtp;
    private final String canaryToken;
    private final boolean emailVerification;
    private final SecureRandom random = new SecureRandom();
    private final Map<UUID, Signup> signups = new ConcurrentHashMap<>();

    volatile Outcome outcome = Outcome.COMPLETES;
    final List<JsonNode> forms = new CopyOnWriteArrayList<>();
    final List<String> canaryHeaders = new CopyOnWriteArrayList<>();
    final List<String> codesReceived = new CopyOnWriteArrayList<>();
    final List<String> loginKeys = new CopyOnWriteArrayList<>();
    final List<Deprovision> deprovisions = new CopyOnWriteArrayList<>();
    /** The operator API's view lags: it answers 404 this many times before it knows a tenant. */
    final AtomicInteger deprovisionRefusals = new AtomicInteger(1);

    private final class Signup {
        final UUID tenantId = UUID.randomUUID();
        final String token = "k1." + UUID.randomUUID();
        final String site;
        final String email;
        final String code = String.format("%06d", random.nextInt(1_000_000));
        final AtomicInteger reads = new AtomicInteger();
        volatile boolean verified;

        Signup(String subdomain, String email) {
            this.site = subdomain + "." + SimulatedBenchHost.DOMAIN;
            this.email = email;
        }
    }

    StandInSignupService(SimulatedBenchHost host, ServerSetup smtp, String canaryToken, boolean emailVerification) {
        this.host = host;
        this.smtp = smtp;
        this.canaryToken = canaryToken;
        this.emailVerification = emailVerification;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/signups", this::signups);
        server.createContext("/ops/tenants/", this::deprovision);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void signups(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/api/signups") && exchange.getRequestMethod().equals("POST")) {
                post(exchange);
                return;
            }
            Matcher m = SIGNUP_PATH.matcher(path);
            Signup signup = m.matches() ? signups.get(UUID.fromString(m.group(1))) : null;
            if (signup == null) {
                problem(exchange, 404, "Not Found");
                return;
            }
            if (!("Bearer " + signup.token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                problem(exchange, 401, "Unauthorized");
                return;
            }
            if (m.group(2) == null) {
                status(exchange, signup);
            } else if (m.group(2).equals("/verification")) {
                verify(exchange, signup);
            } else {
                enter(exchange, signup);
            }
        }
    }

    private void post(HttpExchange exchange) throws IOException {
        String header = exchange.getRequestHeaders().getFirst(SignupApi.CANARY_HEADER);
        canaryHeaders.add(String.valueOf(header));
        if (!canaryToken.equals(header)) {
            problem(exchange, 403, "Forbidden");
            return;
        }
        JsonNode form = JSON.readTree(exchange.getRequestBody());
        forms.add(form);
        Signup signup =
                new Signup(form.path("subdomain").asString(), form.path("email").asString());
        signups.put(signup.tenantId, signup);
        if (outcome != Outcome.FAILS_IN_PROVISIONING) {
            host.newSite(signup.site);
            host.run("bench --site " + signup.site + " add-system-manager " + signup.email
                    + " --first-name Signup --last-name Canary");
            host.publishSites();
        }
        if (emailVerification) {
            GreenMailUtil.sendTextEmail(
                    signup.email,
                    "no-reply@localhost",
                    "Your Benchline code",
                    "Enter " + signup.code + " to confirm your email address.",
                    smtp);
        }
        json(
                exchange,
                202,
                Map.of(
                        "tenantId",
                        signup.tenantId.toString(),
                        "subdomain",
                        form.path("subdomain").asString(),
                        "siteUrl",
                        host.siteUrl(signup.site),
                        "status",
                        "accepted",
                        "statusUrl",
                        "/api/signups/" + signup.tenantId,
                        "eventsUrl",
                        "/api/signups/" + signup.tenantId + "/events?token=" + signup.token));
    }

    private void status(HttpExchange exchange, Signup signup) throws IOException {
        int read = signup.reads.incrementAndGet();
        String verification = !emailVerification ? "not_required" : signup.verified ? "verified" : "pending";
        if (read == 1) {
            json(exchange, 200, Map.of("status", "provisioning", "emailVerification", verification));
        } else if (outcome == Outcome.FAILS_IN_PROVISIONING) {
            json(
                    exchange,
                    200,
                    Map.of(
                            "status",
                            "failed",
                            "emailVerification",
                            verification,
                            "failure",
                            Map.of("stage", "provision", "reason", "host_unreachable")));
        } else if (emailVerification && !signup.verified) {
            json(exchange, 200, Map.of("status", "awaiting_verification", "emailVerification", verification));
        } else {
            json(
                    exchange,
                    200,
                    Map.of(
                            "status",
                            "completed",
                            "emailVerification",
                            verification,
                            "enterUrl",
                            "/api/signups/" + signup.tenantId + "/enter"));
        }
    }

    private void verify(HttpExchange exchange, Signup signup) throws IOException {
        String code = JSON.readTree(exchange.getRequestBody()).path("code").asString();
        codesReceived.add(code);
        if (!signup.code.equals(code)) {
            problem(exchange, 422, "Unprocessable Entity");
            return;
        }
        signup.verified = true;
        exchange.sendResponseHeaders(204, -1);
    }

    private void enter(HttpExchange exchange, Signup signup) throws IOException {
        String siteUrl = host.siteUrl(signup.site);
        String location;
        if (outcome == Outcome.HANDS_OFF_TO_THE_LOGIN_PAGE) {
            location = siteUrl + "/login";
        } else {
            String link = host.run("bench --site " + signup.site
                    + " execute frappe.www.login._generate_temporary_login_link --args \"['" + signup.email
                    + "', 10]\"");
            Matcher key = LOGIN_KEY.matcher(link);
            if (!key.find()) {
                throw new IllegalStateException("no login key in " + link);
            }
            loginKeys.add(key.group(1));
            location = siteUrl + SiteLogin.LOGIN_VIA_KEY + "?key=" + key.group(1);
        }
        exchange.getResponseHeaders().add("Location", location);
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(302, -1);
    }

    private void deprovision(HttpExchange exchange) throws IOException {
        try (exchange) {
            deprovisions.add(new Deprovision(
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    JSON.readTree(exchange.getRequestBody())));
            if (deprovisionRefusals.getAndDecrement() > 0) {
                problem(exchange, 404, "Not Found");
                return;
            }
            json(exchange, 202, Map.of("status", "accepted"));
        }
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void problem(HttpExchange exchange, int status, String title) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(Map.of("status", status, "title", title));
        exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
