package io.benchline.operator.canary;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.benchline.platform.sites.SiteConnectionProperties;
import io.benchline.platform.sites.SiteWebClients;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import io.benchline.testing.CapturedLogs;
import io.benchline.testing.SecretScan;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The canary's run against real HTTP: a stand-in for signup-service's public API (and the operator API's
 * deprovision endpoint), the simulated bench host's Frappe for the one-time login, and a real IMAP mailbox
 * (GreenMail) for the verification code.
 */
class SignupCanaryTests {

    private static final String ADDRESS = "canary@canary.example";
    private static final String CANARY_TOKEN = "canary-credential-7f3a9c";
    private static final String OPERATOR_TOKEN = "operator.jwt.b81d";
    private static final String MAILBOX_PASSWORD = "mailbox-password-42c1";

    @TempDir
    static Path folder;

    static SimulatedBenchHost host;
    static GreenMail mail;
    static SiteWebClients sites;

    StandInSignupService signupService;
    MeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void start() throws Exception {
        host = SimulatedBenchHost.start(folder.resolve("bench-host"));
        mail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
        mail.start();
        mail.setUser(ADDRESS, ADDRESS, MAILBOX_PASSWORD);
        // As the local stack sets benchline.sites.*: *.localhost sites on this machine, over plain HTTP.
        sites = new SiteWebClients(new SiteConnectionProperties(
                Map.of("*.localhost", "127.0.0.1"),
                true,
                Duration.ofSeconds(2),
                Duration.ofSeconds(10),
                List.of(SimulatedBenchHost.DOMAIN)));
        Files.writeString(folder.resolve("canary-token"), CANARY_TOKEN + "\n");
        Files.writeString(folder.resolve("operator-token"), OPERATOR_TOKEN + "\n");
        Files.writeString(folder.resolve("mailbox-password"), MAILBOX_PASSWORD);
    }

    @AfterAll
    static void stop() {
        sites.close();
        mail.stop();
        host.close();
    }

    @AfterEach
    void stopSignupService() {
        if (signupService != null) {
            signupService.close();
        }
    }

    @Test
    void signsUpEntersTheMailedCodeIsLoggedInOnTheSiteAndDeprovisions() throws Exception {
        signupService = new StandInSignupService(host, mail.getSmtp().getServerSetup(), CANARY_TOKEN, true);
        // A code from an earlier run still in the mailbox: the canary takes the newest.
        GreenMailUtil.sendTextEmail(
                ADDRESS, "no-reply@localhost", "Your Benchline code", "Enter 000000 to confirm.", smtp());

        CanaryResult result;
        List<String> logLines;
        try (CapturedLogs logs = CapturedLogs.start()) {
            result = canary(true).runOnce();
            logLines = logs.lines();
        }

        assertThat(result.succeeded()).as("%s", result).isTrue();
        assertThat(result.toHandOff()).isPositive();
        assertThat(signupService.canaryHeaders).containsExactly(CANARY_TOKEN);
        assertThat(signupService.forms).singleElement().satisfies(form -> {
            assertThat(form.path("subdomain").asString()).matches("canary-[0-9a-f]{8}");
            assertThat(form.path("email").asString()).isEqualTo(ADDRESS);
        });
        assertThat(signupService.codesReceived).singleElement().isNotEqualTo("000000");
        assertThat(signupService.loginKeys).hasSize(1);
        assertThat(signupService.deprovisions)
                .as("a 404 while the operator view catches up, then accepted with the same key")
                .hasSize(2)
                .allSatisfy(d -> {
                    assertThat(d.path()).isEqualTo("/ops/tenants/" + result.tenantId() + "/deprovision");
                    assertThat(d.authorization()).isEqualTo("Bearer " + OPERATOR_TOKEN);
                    assertThat(d.idempotencyKey()).isEqualTo("canary-deprovision-" + result.tenantId());
                    assertThat(d.body().path("reason").asString()).isEqualTo("canary");
                    assertThat(d.body().path("graceSeconds").asInt(-1)).isZero();
                });
        assertThat(meters.get("benchline.canary.runs")
                        .tag("outcome", "success")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get("benchline.canary.runs")
                        .tag("outcome", "failure")
                        .counter()
                        .count())
                .isZero();
        assertThat(meters.get("benchline.canary.duration").timer().count()).isEqualTo(1);
        assertThat(meters.get("benchline.canary.consecutive.failures").gauge().value())
                .isZero();
        assertThat(logLines).anyMatch(line -> line.contains("signup canary succeeded: tenant " + result.tenantId()));
        assertNoSecretIn(logLines);
    }

    @Test
    void withoutEmailVerificationGoesFromCompletedStraightToTheHandOff() {
        signupService = new StandInSignupService(host, smtp(), CANARY_TOKEN, false);

        CanaryResult result = canary(false).runOnce();

        assertThat(result.succeeded()).as("%s", result).isTrue();
        assertThat(signupService.codesReceived).isEmpty();
        assertThat(signupService.deprovisions).hasSize(2);
    }

    @Test
    void aFailedSignupFailsTheRunAtTheStatusStepAndFailuresCountInARowUntilASuccess() {
        signupService = new StandInSignupService(host, smtp(), CANARY_TOKEN, false);
        signupService.outcome = StandInSignupService.Outcome.FAILS_IN_PROVISIONING;
        SignupCanary canary = canary(false);

        List<String> logLines;
        try (CapturedLogs logs = CapturedLogs.start()) {
            CanaryResult first = canary.runOnce();
            assertThat(first.failedStep()).isEqualTo(CanaryStep.STATUS);
            assertThat(first.reason()).contains("provision/host_unreachable");
            assertThat(first.toHandOff()).isNull();
            canary.runOnce();
            logLines = logs.lines();
        }
        assertThat(meters.get("benchline.canary.consecutive.failures").gauge().value())
                .isEqualTo(2);
        assertThat(meters.get("benchline.canary.runs")
                        .tag("outcome", "failure")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(meters.get("benchline.canary.duration").timer().count()).isZero();
        assertThat(logLines)
                .anyMatch(line -> line.contains("signup canary failed at step status")
                        && line.contains("2 failure(s) in a row")
                        && line.contains("the signup failed (provision/host_unreachable)"));
        assertThat(signupService.deprovisions)
                .as("no site was built: nothing to deprovision")
                .isEmpty();
        assertNoSecretIn(logLines);

        signupService.outcome = StandInSignupService.Outcome.COMPLETES;
        assertThat(canary.runOnce().succeeded()).isTrue();
        assertThat(meters.get("benchline.canary.consecutive.failures").gauge().value())
                .isZero();
    }

    @Test
    void aHandOffToTheLoginPageFailsTheRunAndStillDeprovisionsTheTenant() {
        signupService = new StandInSignupService(host, smtp(), CANARY_TOKEN, false);
        signupService.outcome = StandInSignupService.Outcome.HANDS_OFF_TO_THE_LOGIN_PAGE;

        CanaryResult result = canary(false).runOnce();

        assertThat(result.failedStep()).isEqualTo(CanaryStep.HAND_OFF);
        assertThat(result.reason()).contains("/login instead of a one-time login link");
        assertThat(signupService.deprovisions)
                .last()
                .satisfies(d -> assertThat(d.path()).contains(result.tenantId().toString()));
    }

    @Test
    void aRefusedCanaryCredentialFailsTheRunAtTheSignupStep() throws Exception {
        signupService = new StandInSignupService(host, smtp(), "another-credential", false);

        CanaryResult result = canary(false).runOnce();

        assertThat(result.failedStep()).isEqualTo(CanaryStep.SIGNUP);
        assertThat(result.reason()).isEqualTo("POST /api/signups answered 403 (Forbidden)");
        assertThat(result.tenantId()).isNull();
        assertThat(signupService.deprovisions).isEmpty();
    }

    private SignupCanary canary(boolean withMailbox) {
        CanaryProperties properties = properties(withMailbox);
        WebClient api = WebClient.builder().build();
        return new SignupCanary(
                properties,
                new SignupApi(api, properties.signupUrl(), properties.requestTimeout()),
                withMailbox
                        ? Optional.of(new VerificationMailbox(properties.mailbox(), properties.requestTimeout()))
                        : Optional.empty(),
                new SiteLogin(sites.webClient(), properties.requestTimeout()),
                new OperatorApi(
                        api,
                        properties.operatorUrl(),
                        properties.requestTimeout(),
                        properties.pollInterval(),
                        Clock.systemUTC()),
                new CanaryMetrics(meters),
                Clock.systemUTC());
    }

    private CanaryProperties properties(boolean withMailbox) {
        return new CanaryProperties(
                true,
                Duration.ofHours(2),
                Duration.ofMinutes(1),
                signupService.baseUrl(),
                signupService.baseUrl(),
                folder.resolve("operator-token"),
                folder.resolve("canary-token"),
                "canary.example",
                "canary",
                "free",
                Duration.ofSeconds(30),
                Duration.ofMillis(100),
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                new CanaryProperties.Mailbox(
                        withMailbox ? "127.0.0.1" : null,
                        mail.getImap().getPort(),
                        ADDRESS,
                        folder.resolve("mailbox-password"),
                        false,
                        "INBOX"));
    }

    private static ServerSetup smtp() {
        return mail.getSmtp().getServerSetup();
    }

    /**
     * Production logs at INFO: every line at INFO or above, and Benchline's own lines at any level. (Library DEBUG
     * output, such as the test's GreenMail echoing the IMAP login, is not what the service writes.)
     */
    private void assertNoSecretIn(List<String> captured) {
        List<String> logLines = captured.stream()
                .filter(line -> !(line.startsWith("DEBUG ") || line.startsWith("TRACE "))
                        || line.substring(6).startsWith("io.benchline."))
                .toList();
        assertThat(logLines).isNotEmpty();
        SecretScan.assertNotInLogs(CANARY_TOKEN, logLines);
        SecretScan.assertNotInLogs(OPERATOR_TOKEN, logLines);
        SecretScan.assertNotInLogs(MAILBOX_PASSWORD, logLines);
        signupService.loginKeys.forEach(key -> SecretScan.assertNotInLogs(key, logLines));
        signupService.codesReceived.forEach(code -> assertThat(logLines).noneMatch(line -> line.contains(code)));
    }
}
