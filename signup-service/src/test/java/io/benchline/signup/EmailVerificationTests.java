package io.benchline.signup;

import static io.benchline.signup.SignupServiceIntegrationTests.completed;
import static io.benchline.signup.SignupServiceIntegrationTests.keysActive;
import static io.benchline.signup.SignupServiceIntegrationTests.progress;
import static io.benchline.signup.SignupServiceIntegrationTests.signup;
import static io.benchline.signup.SignupServiceIntegrationTests.uniqueSubdomain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.benchline.events.EmailVerification;
import io.benchline.events.EmailVerificationStatus;
import io.benchline.events.LoginKeyIssued;
import io.benchline.events.LoginKeyRequested;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.SecretPurpose;
import io.benchline.events.StepPhase;
import io.benchline.platform.secrets.Keysets;
import io.benchline.platform.secrets.SealedField;
import io.benchline.platform.secrets.SealingContext;
import io.benchline.platform.secrets.Secret;
import io.benchline.platform.secrets.SecretSealer;
import io.benchline.testing.CapturedLogs;
import io.benchline.testing.KafkaTestBroker;
import io.benchline.testing.SecretScan;
import io.benchline.testing.TopicDump;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;

/**
 * Email verification and the hand-off on two signup-service instances, a real broker and a real SMTP server
 * (GreenMail): the code is mailed at POST time and checked on any instance, wrong codes change nothing, attempts
 * and resends are limited, {@code completed} waits for the code, and {@code enterUrl} redirects to the tenant's
 * site with one-time login keys (answered here as the provisioner would), the login page past the fifth.
 */
class EmailVerificationTests {

    private static final Pattern MAILED_CODE = Pattern.compile("Your code is ([0-9]{6})");
    static final String LOGIN_KEYSET = Keysets.generateJson();

    @TempDir
    static Path state;

    @AutoClose("stop")
    private static GreenMail smtp;

    private static GreenMail mailbox;

    @AutoClose
    private static SignupInstance first;

    @AutoClose
    private static SignupInstance second;

    @BeforeAll
    static void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        useSmtp(smtp);
        Map<String, Object> settings = verifying(smtp);
        first = SignupInstance.start(state.resolve("first"), settings);
        second = SignupInstance.start(state.resolve("second"), settings);
        first.awaitRunning();
    }

    /** Verification on, SMTP at GreenMail, the login-key keyset the provisioner would seal with. */
    static Map<String, Object> verifying(GreenMail smtp) {
        return verifying(smtp.getSmtp().getPort());
    }

    /** As {@link #verifying(GreenMail)} with the SMTP server at {@code 127.0.0.1:smtpPort}. */
    static Map<String, Object> verifying(int smtpPort) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("spring.mail.host", "127.0.0.1");
        settings.put("spring.mail.port", Integer.toString(smtpPort));
        settings.put("benchline.signup.email-verification.enabled", "true");
        settings.put("benchline.signup.email-verification.from", "Benchline <signup@benchline.test>");
        settings.put("benchline.signup.email-verification.resend-cooldown", "2s");
        settings.put("benchline.secrets.keysets.login-key.json", LOGIN_KEYSET);
        return settings;
    }

    @Test
    void theMailedCodeVerifiesOnAnotherInstanceAndAWrongCodeChangesNothing() {
        String email = "ada-" + UUID.randomUUID() + "@example.com";
        AcceptedSignup signup = post(first, email);
        String code = await().atMost(Duration.ofSeconds(20))
                .until(() -> codesMailedTo(email), codes -> !codes.isEmpty())
                .get(0);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> "pending"
                        .equals(status(second, signup).path("emailVerification").asString(null)));
        JsonNode before = status(second, signup);

        verify(second, signup, wrong(code))
                .expectStatus()
                .isEqualTo(422)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.attemptsLeft")
                .isEqualTo(4);
        JsonNode after = status(first, signup);
        assertThat(after.path("emailVerification").asString()).isEqualTo("pending");
        assertThat(steps(after)).hasSameSizeAs(steps(before));

        verify(second, signup, code).expectStatus().isNoContent();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> "verified"
                        .equals(status(first, signup).path("emailVerification").asString(null)));
        assertThat(TopicDump.events(EmailVerification.class, signup.tenantId()))
                .extracting(EmailVerification::getStatus)
                .containsExactly(EmailVerificationStatus.CODE_SENT, EmailVerificationStatus.VERIFIED);
        List<String> verificationFrames = steps(status(first, signup)).stream()
                .filter(step -> "verification".equals(step.path("event").asString(null)))
                .map(step -> step.path("verification").asString())
                .toList();
        assertThat(verificationFrames).containsExactly("code_sent", "verified");
    }

    @Test
    void fiveWrongCodesLockTheCodeAndAResendAfterTheCooldownMailsANewOne() {
        String email = "bob-" + UUID.randomUUID() + "@example.com";
        AcceptedSignup signup = post(first, email);
        String code = await().atMost(Duration.ofSeconds(20))
                .until(() -> codesMailedTo(email), codes -> !codes.isEmpty())
                .get(0);
        for (int attempt = 1; attempt <= 5; attempt++) {
            verify(attempt % 2 == 0 ? first : second, signup, wrong(code))
                    .expectStatus()
                    .isEqualTo(422);
        }
        verify(first, signup, code).expectStatus().isEqualTo(429);

        // The first code went out a moment ago: the cooldown holds, whichever instance is asked.
        resend(second, signup).expectStatus().isEqualTo(429).expectHeader().exists("Retry-After");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> resend(first, signup)
                                .returnResult(Void.class)
                                .getStatus()
                                .value()
                        == 202);
        String newCode = await().atMost(Duration.ofSeconds(20))
                .until(() -> codesMailedTo(email), codes -> codes.size() == 2)
                .get(1);
        verify(second, signup, newCode).expectStatus().isNoContent();
        assertThat(TopicDump.events(EmailVerification.class, signup.tenantId()))
                .extracting(EmailVerification::getStatus)
                .containsExactly(
                        EmailVerificationStatus.CODE_SENT,
                        EmailVerificationStatus.CODE_SENT,
                        EmailVerificationStatus.VERIFIED);
    }

    @Test
    void verificationAndEnteringNeedTheSignupsCredential() {
        AcceptedSignup signup = post(first, "eve-" + UUID.randomUUID() + "@example.com");
        String path = "/api/signups/" + signup.tenantId();
        second.client()
                .post()
                .uri(path + "/verification")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"code\":\"123456\"}")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        second.client()
                .post()
                .uri(path + "/verification/resend")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        second.client().get().uri(path + "/enter").exchange().expectStatus().isUnauthorized();
        String strangers = first.bean(io.benchline.signup.access.StreamAccess.class)
                .issue(UUID.randomUUID(), Instant.now().plusSeconds(600));
        second.client()
                .get()
                .uri(path + "/enter?token=" + strangers)
                .exchange()
                .expectStatus()
                .isNotFound();
        second.client()
                .post()
                .uri("/api/signups/" + UUID.randomUUID() + "/verification?token=" + strangers)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"code\":\"123456\"}")
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void completedWaitsForTheCodeThenEnterRedirectsWithOneTimeKeysAndAfterFiveToTheLoginPage() throws Exception {
        String email = "cy-" + UUID.randomUUID() + "@example.com";
        List<String> keys = new ArrayList<>();
        String code;
        List<ServerSentEvent<JsonNode>> frames;
        List<String> locations = new ArrayList<>();
        AcceptedSignup signup;
        try (CapturedLogs logs = CapturedLogs.start()) {
            signup = post(first, email);
            code = await().atMost(Duration.ofSeconds(20))
                    .until(() -> codesMailedTo(email), codes -> !codes.isEmpty())
                    .get(0);
            UUID tenantId = signup.tenantId();
            publish(progress(tenantId, ProvisioningStep.CHOOSE_HOST, StepPhase.STARTED));
            publish(progress(tenantId, ProvisioningStep.CLAIM_STANDBY, StepPhase.STARTED));
            publish(progress(tenantId, ProvisioningStep.CLAIM_STANDBY, StepPhase.FINISHED));
            publish(keysActive(tenantId, signup.subdomain()));
            publish(completed(tenantId, signup.subdomain()));

            JsonNode waiting = await().atMost(Duration.ofSeconds(20))
                    .until(
                            () -> status(second, signup),
                            s -> "awaiting_verification".equals(s.path("status").asString(null)));
            assertThat(waiting.has("enterUrl")).isFalse();
            assertThat(waiting.path("path").asString()).isEqualTo("pool");
            assertThat(steps(waiting).stream().map(s -> s.path("stage").asString()))
                    .contains("claim_standby", "site_ready")
                    .doesNotContain("completed");
            second.client()
                    .get()
                    .uri("/api/signups/" + tenantId + "/enter?token=" + signup.token())
                    .exchange()
                    .expectStatus()
                    .isEqualTo(409);
            assertThat(TopicDump.events(LoginKeyRequested.class, tenantId)).isEmpty();

            verify(second, signup, code).expectStatus().isNoContent();
            frames = events(first, signup);
            ServerSentEvent<JsonNode> last = frames.get(frames.size() - 1);
            assertThat(last.event()).isEqualTo("completed");
            assertThat(last.data().path("enterUrl").asString()).isEqualTo("/api/signups/" + tenantId + "/enter");
            assertThat(frames.stream().map(ServerSentEvent::event)).contains("verification");
            assertThat(status(second, signup).path("enterUrl").asString())
                    .isEqualTo("/api/signups/" + tenantId + "/enter");

            // The key asked for ahead when the signup became enterable serves the first click.
            LoginKeyRequested ahead = await().atMost(Duration.ofSeconds(20))
                    .until(() -> TopicDump.events(LoginKeyRequested.class, tenantId), found -> found.size() == 1)
                    .get(0);
            keys.add(issue(tenantId, signup.subdomain(), ahead.getRequestId()));
            locations.add(enter(second, signup));

            // Each later click asks for a fresh key and waits for its answer.
            for (int click = 2; click <= 5; click++) {
                int requestsBefore = click - 1;
                SignupInstance instance = click % 2 == 0 ? first : second;
                AcceptedSignup clicking = signup;
                CompletableFuture<String> location = CompletableFuture.supplyAsync(() -> enter(instance, clicking));
                LoginKeyRequested fresh = await().atMost(Duration.ofSeconds(20))
                        .until(
                                () -> TopicDump.events(LoginKeyRequested.class, tenantId),
                                found -> found.size() == requestsBefore + 1)
                        .get(requestsBefore);
                keys.add(issue(tenantId, signup.subdomain(), fresh.getRequestId()));
                locations.add(location.get(30, TimeUnit.SECONDS));
            }
            locations.add(enter(first, signup));
            assertThat(TopicDump.events(LoginKeyRequested.class, tenantId)).hasSize(5);

            for (String secret : keys) {
                SecretScan.assertNotInLogs(secret, logs.lines());
            }
            // GreenMail is the customer's mailbox here: its SMTP transcript holds the mail, code included.
            assertThat(logs.lines())
                    .filteredOn(line -> !line.contains("com.icegreen.greenmail"))
                    .noneMatch(line -> standalone(code).matcher(line).find());
        }
        String site = "http://" + signup.subdomain() + ".localhost:8000";
        for (int i = 0; i < 5; i++) {
            assertThat(locations.get(i))
                    .isEqualTo(site + "/api/method/frappe.www.login.login_via_key?key=" + keys.get(i));
        }
        assertThat(locations.get(5)).isEqualTo(site + "/login");

        List<TopicDump.RawRecord> records = TopicDump.all(KafkaTestBroker.bootstrapServers());
        for (String secret : keys) {
            SecretScan.assertNotInRecords(secret, records);
            assertThat(frames).noneMatch(frame -> String.valueOf(frame.data()).contains(secret));
        }
        Pattern plainCode = standalone(code);
        assertThat(records)
                .noneMatch(r -> plainCode.matcher(text(r.value())).find()
                        || plainCode.matcher(text(r.key())).find());

        // The next pooled signup gets an estimate from this one's measured steps.
        AcceptedSignup next = post(first, "dee-" + UUID.randomUUID() + "@example.com");
        assertThat(status(second, next).has("estimatedSecondsLeft")).isTrue();
        publish(progress(next.tenantId(), ProvisioningStep.CHOOSE_HOST, StepPhase.STARTED));
        publish(progress(next.tenantId(), ProvisioningStep.CLAIM_STANDBY, StepPhase.STARTED));
        JsonNode estimated = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> status(second, next),
                        s -> "pool".equals(s.path("path").asString(null))
                                && s.path("estimatedSecondsLeft").isNumber());
        assertThat(estimated.path("estimatedSecondsLeft").asLong()).isPositive();
    }

    // --- helpers ---

    static List<JsonNode> steps(JsonNode status) {
        List<JsonNode> steps = new ArrayList<>();
        status.path("steps").forEach(steps::add);
        return steps;
    }

    static AcceptedSignup post(SignupInstance instance, String email) {
        return AcceptedSignup.post(instance.client(), signup("Mail Ltd", uniqueSubdomain("mail"), email));
    }

    static List<String> codesMailedTo(String email) throws Exception {
        List<String> codes = new ArrayList<>();
        for (MimeMessage message : smtpOf().getReceivedMessages()) {
            if (message.getRecipients(Message.RecipientType.TO)[0].toString().equals(email)) {
                Matcher matcher = MAILED_CODE.matcher(GreenMailUtil.getBody(message));
                if (matcher.find()) {
                    codes.add(matcher.group(1));
                }
            }
        }
        return codes;
    }

    private static GreenMail smtpOf() {
        return mailbox;
    }

    /** The SMTP server whose mails {@link #codesMailedTo} reads (each test class starts its own). */
    static void useSmtp(GreenMail server) {
        mailbox = server;
    }

    static WebTestClient.ResponseSpec verify(SignupInstance instance, AcceptedSignup signup, String code) {
        return instance.client()
                .post()
                .uri("/api/signups/" + signup.tenantId() + "/verification")
                .cookie("benchline_signup", signup.cookieValue())
                .contentType(MediaType.APPLICATION_JSON)
                // Bytes: the client's string encoder would log the code at DEBUG, and the scan would find the test.
                .bodyValue(("{\"code\":\"" + code + "\"}").getBytes(StandardCharsets.UTF_8))
                .exchange();
    }

    static WebTestClient.ResponseSpec resend(SignupInstance instance, AcceptedSignup signup) {
        return instance.client()
                .post()
                .uri("/api/signups/" + signup.tenantId() + "/verification/resend?token=" + signup.token())
                .exchange();
    }

    static JsonNode status(SignupInstance instance, AcceptedSignup signup) {
        return instance.client()
                .get()
                .uri("/api/signups/" + signup.tenantId())
                .cookie("benchline_signup", signup.cookieValue())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    static List<ServerSentEvent<JsonNode>> events(SignupInstance instance, AcceptedSignup signup) {
        return WebClient.create(instance.baseUrl())
                .get()
                .uri("/api/signups/" + signup.tenantId() + "/events?token=" + signup.token())
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<JsonNode>>() {})
                .filter(frame -> frame.event() != null)
                .collectList()
                .block(Duration.ofSeconds(30));
    }

    /** One click of enterUrl with the cookie: the redirect's Location, after checking its headers. */
    private static String enter(SignupInstance instance, AcceptedSignup signup) {
        ResponseEntity<Void> response = WebClient.create(instance.baseUrl())
                .get()
                .uri("/api/signups/" + signup.tenantId() + "/enter")
                .cookie("benchline_signup", signup.cookieValue())
                .retrieve()
                .toBodilessEntity()
                .block(Duration.ofSeconds(30));
        assertThat(response.getStatusCode().value()).isEqualTo(302);
        assertThat(response.getHeaders().getCacheControl()).isEqualTo("no-store");
        assertThat(response.getHeaders().getFirst("Referrer-Policy")).isEqualTo("no-referrer");
        return response.getHeaders().getFirst("Location");
    }

    /** Answers a LoginKeyRequested as the provisioner does: a fresh key, sealed for the tenant and its site host. */
    private static String issue(UUID tenantId, String subdomain, UUID requestId) {
        String key = "lk"
                + HexFormat.of()
                        .formatHex(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8))
                        .substring(0, 30);
        SecretSealer sealer = new SecretSealer(SecretPurpose.LOGIN_KEY, Keysets.aeadFromJson(LOGIN_KEYSET, "test"));
        publish(LoginKeyIssued.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenantId)
                .setOccurredAt(Instant.now())
                .setRequestId(requestId)
                .setLoginKey(sealer.seal(
                        new SealingContext(tenantId, subdomain + ".localhost"), SealedField.LOGIN_KEY, Secret.of(key)))
                .setExpiresAt(Instant.now().plusSeconds(600))
                .build());
        return key;
    }

    private static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    /** The code as a token of its own, not as six digits inside a longer number or identifier. */
    static Pattern standalone(String code) {
        return Pattern.compile("(?<![0-9A-Za-z])" + code + "(?![0-9A-Za-z])");
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static void publish(SpecificRecord event) {
        first.publish(event);
    }
}
