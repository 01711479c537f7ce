package io.benchline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.SecretPurpose;
import io.benchline.events.SignupCompleted;
import io.benchline.events.SiteProvisioned;
import io.benchline.platform.secrets.Keysets;
import io.benchline.platform.secrets.SealedField;
import io.benchline.platform.secrets.SealingContext;
import io.benchline.platform.secrets.SecretSealer;
import io.benchline.simulator.SimulatedSiteState;
import io.benchline.simulator.SiteView;
import io.benchline.testing.SecretScan;
import io.benchline.testing.SiteKeys;
import io.benchline.testing.TopicDump;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production path end to end, on one stack shared by its tests (a stack start is the expensive part): the
 * provisioner keeps a standby pool, signup-service verifies the email through the stack's GreenMail, and the
 * customer enters the site through signup-service's one-time login hand-off (issues 15 and 16).
 */
class PoolAndHandOffEndToEndTests {

    private static final Duration SIGNUP_TIMEOUT = Duration.ofSeconds(90);
    private static final String PASSWORD = "Lantern-Plover-Quartz-63";
    /** A verification code: six digits with no letter or digit either side (not a piece of a UUID or a number). */
    private static final Pattern CODE = Pattern.compile("(?<![0-9A-Za-z])([0-9]{6})(?![0-9A-Za-z])");

    private static final Pattern KEY = Pattern.compile("[?&]key=([^&]+)");

    @TempDir
    static Path state;

    static LocalStack stack;
    static SignupClient client;
    static final HttpClient site = HttpClient.newHttpClient();

    @BeforeAll
    static void startStack() throws Exception {
        // A small pool: one host, instant builds; two standbys are enough for these tests and cost little CPU.
        stack = TestStacks.pooledWithVerification(
                state,
                Map.of("benchline.provisioner.pool.max-per-host", "2", "benchline.provisioner.pool.max-total", "2"));
        client = new SignupClient(stack.signupUrl());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void pooledSignupClaimsAReadyStandbyUnderTheCustomersName() throws Exception {
        await().atMost(Duration.ofSeconds(120)).until(() -> readyStandbys() >= 1);
        // The verifier waits, so the provisioner's keys are checked before the settled signup revokes them.
        stack.stop("verifier-service");
        SignupClient.Posted posted;
        SiteProvisioned provisioned;
        try {
            posted = client.post(signup("pooled-one"));
            assertThat(posted.status()).isEqualTo(202);
            UUID tenant = UUID.fromString(posted.tenantId());

            provisioned = await().atMost(SIGNUP_TIMEOUT)
                    .until(
                            () -> TopicDump.events(stack.kafkaBootstrap(), SiteProvisioned.class, tenant),
                            e -> !e.isEmpty())
                    .get(0);
            assertThat(provisioned.getSite().getSiteName()).isEqualTo("pooled-one.localhost");
            SecretSealer sealer = new SecretSealer(
                    SecretPurpose.SITE_CREDENTIALS,
                    Keysets.aeadFromFile(state.resolve("keysets/site-credentials.json")));
            String siteHost = URI.create(provisioned.getSite().getSiteUrl()).getHost();
            assertThat(siteHost).isEqualTo("pooled-one.localhost");
            // The emitted keys open the site under the customer's name: the claimed standby's own were rotated.
            SiteKeys.assertOpenSite(
                    stack.simulator().gunicornBaseUrl(),
                    tenant,
                    provisioned.getSite(),
                    (t, field, ciphertext) -> sealer.open(
                                    new SealingContext(t, siteHost), SealedField.valueOf(field), ciphertext)
                            .reveal());
        } finally {
            stack.startService("verifier-service");
            stack.awaitHealthy("verifier-service");
        }

        assertThat(client.verify(posted, codeMailedTo("jane@pooled-one.example")))
                .isEqualTo(204);
        List<SignupClient.SseEvent> events = client.follow(posted, SIGNUP_TIMEOUT);

        assertThat(events.get(events.size() - 1).event()).isEqualTo("completed");
        assertThat(events.stream().map(e -> e.data().path("stage").asString()))
                .contains("claim_standby")
                .doesNotContain("create_site");
        assertThat(client.status(posted).path("path").asString()).isEqualTo("pool");
        SiteView claimed = stack.simulator().site("pooled-one.localhost").orElseThrow();
        assertThat(claimed.state()).isEqualTo(SimulatedSiteState.READY);
        assertThat(claimed.installedApps()).contains("erpnext");
        assertThat(claimed.userEmails()).contains("jane@pooled-one.example");
    }

    @Test
    void verifiedCustomerEntersTheSiteLoggedInOnceWithTheSignupsCredentialOnly() throws Exception {
        SignupClient.Posted posted = client.post(signup("hand-off"));
        assertThat(posted.status()).isEqualTo(202);

        String code = codeMailedTo("jane@hand-off.example");
        assertThat(client.verify(posted, wrong(code))).as("a wrong code").isEqualTo(422);
        assertThat(client.verify(posted, code)).as("the mailed code").isEqualTo(204);

        List<SignupClient.SseEvent> events = client.follow(posted, SIGNUP_TIMEOUT);
        SignupClient.SseEvent completed = events.get(events.size() - 1);
        assertThat(completed.event()).isEqualTo("completed");
        assertThat(events.stream().map(SignupClient.SseEvent::event)).contains("verification");
        String enterUrl = completed.data().path("enterUrl").asString();
        assertThat(enterUrl).endsWith("/api/signups/" + posted.tenantId() + "/enter");

        // A second browser: no credential, or another signup's.
        assertThat(client.get(enterUrl, null).statusCode()).isIn(401, 404);
        SignupClient.Posted other = client.post(signup("other-browser"));
        assertThat(client.get(enterUrl, other.token()).statusCode()).isIn(401, 404);

        HttpResponse<String> enter = client.get(enterUrl, posted.token());
        assertThat(enter.statusCode()).isEqualTo(302);
        assertThat(enter.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        assertThat(enter.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        URI loginLink = URI.create(enter.headers().firstValue("Location").orElseThrow());
        assertThat(loginLink.getHost()).isEqualTo("hand-off.localhost");
        assertThat(loginLink.getPath()).isEqualTo("/api/method/frappe.www.login.login_via_key");
        Matcher key = KEY.matcher(loginLink.getRawQuery() == null ? "" : "?" + loginLink.getRawQuery());
        assertThat(key.find()).as("the link carries a key").isTrue();

        HttpResponse<String> login =
                onSite("hand-off.localhost", loginLink.getRawPath() + "?" + loginLink.getRawQuery(), null);
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(URI.create(login.headers().firstValue("Location").orElseThrow())
                        .getPath())
                .isEqualTo("/app");
        String sid = login.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("sid="))
                .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .findFirst()
                .orElseThrow();
        HttpResponse<String> app = onSite("hand-off.localhost", "/app", sid);
        assertThat(app.statusCode()).isEqualTo(200);
        assertThat(app.body()).contains("data-user=\"jane@hand-off.example\"");

        assertThat(onSite("hand-off.localhost", loginLink.getRawPath() + "?" + loginLink.getRawQuery(), null)
                        .statusCode())
                .as("the same key a second time")
                .isEqualTo(403);

        // Neither the login key nor the code in any process's log or any Kafka record.
        List<String> logLines = new ArrayList<>();
        try (var logs = Files.list(state.resolve("logs"))) {
            for (Path log : logs.toList()) {
                logLines.addAll(Files.readAllLines(log));
            }
        }
        List<TopicDump.RawRecord> records = TopicDump.all(stack.kafkaBootstrap());
        SecretScan.assertNotInLogs(key.group(1), logLines);
        SecretScan.assertNotInRecords(key.group(1), records);
        SecretScan.assertNotInLogs(PASSWORD, logLines);
        assertThat(logLines).as("log lines with the verification code").noneMatch(line -> hasCode(line, code));
        assertThat(records)
                .as("Kafka records with the verification code")
                .noneMatch(r -> hasCode(latin1(r.key()), code)
                        || hasCode(latin1(r.value()), code)
                        || r.headerValues().stream().anyMatch(h -> hasCode(latin1(h), code)));
        assertThat(TopicDump.events(stack.kafkaBootstrap(), SignupCompleted.class, UUID.fromString(posted.tenantId())))
                .hasSize(1);
    }

    /** Waits for signup-service's mail to {@code address} and reads the code in the latest one. */
    private static String codeMailedTo(String address) {
        LocalMail mail = stack.mail().orElseThrow();
        List<String> texts =
                await().atMost(Duration.ofSeconds(60)).until(() -> mail.textsTo(address), t -> !t.isEmpty());
        String text = texts.get(texts.size() - 1);
        Matcher code = CODE.matcher(text);
        assertThat(code.find()).as("a six-digit code in the mail").isTrue();
        return code.group(1);
    }

    private static String wrong(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    private static boolean hasCode(String text, String code) {
        Matcher m = CODE.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(code)) {
                return true;
            }
        }
        return false;
    }

    private static String latin1(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /**
     * A request to a site on the simulated host's Frappe directly, the site picked by {@code X-Frappe-Site-Name}
     * (the JDK client does not send a chosen Host, and {@code *.localhost} need not resolve here).
     */
    private static HttpResponse<String> onSite(String siteName, String pathAndQuery, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(stack.simulator().gunicornBaseUrl() + pathAndQuery))
                .header("X-Frappe-Site-Name", siteName)
                .timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return site.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int readyStandbys() {
        try {
            return PoolState.of(stack).readyTotal();
        } catch (IllegalStateException notYet) {
            return 0;
        }
    }

    private static String signup(String subdomain) {
        return """
                {"organization": "%s Ltd", "subdomain": "%s", "email": "jane@%s.example",
                 "firstName": "Jane", "lastName": "Doe", "password": "%s",
                 "plan": "pro", "country": "DE", "timezone": "Europe/Berlin", "currency": "EUR"}""".formatted(subdomain, subdomain, subdomain, PASSWORD);
    }
}
