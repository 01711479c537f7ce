package io.benchline.signup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.benchline.events.LoginKeyIssued;
import io.benchline.events.LoginKeyRequested;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.SecretPurpose;
import io.benchline.events.SignupCompleted;
import io.benchline.events.StepPhase;
import io.benchline.platform.ports.FreePorts;
import io.benchline.platform.secrets.Keysets;
import io.benchline.platform.secrets.SealedField;
import io.benchline.platform.secrets.SealingContext;
import io.benchline.platform.secrets.Secret;
import io.benchline.platform.secrets.SecretSealer;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import io.benchline.testing.TopicDump;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The whole hand-off in real headless Chromium: the signup form, the code from a real SMTP server (GreenMail), a
 * wrong code first, the pipeline's events played by the test over a stream the server keeps ending, the right code,
 * and the redirect through {@code enterUrl} with a one-time login key the test mints on a simulated Frappe host
 * exactly as the provisioner does (over SSH, sealed for this tenant and site) — ending on the simulated site's
 * {@code /app}, logged in as the customer.
 */
class SignupHandOffBrowserTests {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final Pattern KEY = Pattern.compile("login_via_key\\?key=([A-Za-z0-9]+)");
    private static final String BENCH = SimulatedBenchHost.BENCH_FOLDER;
    private static final String LOGIN_KEYSET = Keysets.generateJson();

    @TempDir
    static Path state;

    @AutoClose("stop")
    private static GreenMail mail;

    @AutoClose
    private static SimulatedBenchHost host;

    @AutoClose
    private static SignupInstance instance;

    @AutoClose
    private SignupPage page;

    private WebDriver browser;

    @BeforeAll
    static void start() {
        mail = new GreenMail(new ServerSetup(FreePorts.take(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        host = SimulatedBenchHost.start(state.resolve("host"));
        Map<String, Object> properties = new HashMap<>();
        properties.put("benchline.signup.email-verification.enabled", "true");
        properties.put("benchline.signup.email-verification.from", "Benchline <signup@benchline.test>");
        properties.put("spring.mail.host", "127.0.0.1");
        properties.put("spring.mail.port", Integer.toString(mail.getSmtp().getPort()));
        properties.put("benchline.secrets.keysets.login-key.json", LOGIN_KEYSET);
        properties.put(
                "benchline.signup.site-url-template", "http://{subdomain}.localhost:" + host.simulator.httpPort());
        properties.put("benchline.sites.domains", SimulatedBenchHost.DOMAIN);
        properties.put("benchline.sites.allow-plain-http", "true");
        // Every stream ends after 2 s: the page must resume each time without repeating or losing a step.
        properties.put("benchline.signup.streams.max-lifetime", "2s");
        instance = SignupInstance.start(state.resolve("signup"), properties);
    }

    @BeforeEach
    void openBrowser(@TempDir Path profile) {
        page = SignupPage.open(profile);
        browser = page.browser();
    }

    @Test
    void theCustomerConfirmsTheEmailAndLandsOnTheSiteLoggedIn() {
        String subdomain = SignupServiceIntegrationTests.uniqueSubdomain("hand");
        String email = subdomain + "@example.com";
        String site = subdomain + "." + SimulatedBenchHost.DOMAIN;
        String siteUrl = host.siteUrl(site);
        fillAndSubmit(subdomain, email);
        UUID tenantId = SignupServiceIntegrationTests.awaitTenant(subdomain);

        // The code field appears while the site is still being built; the code arrives by real SMTP.
        page.waitUpTo(20).until(ExpectedConditions.visibilityOfElementLocated(By.id("code")));
        assertThat(page.text("verification-email")).isEqualTo(email);
        String code = awaitCode(email);

        // A wrong code is refused and changes nothing.
        String wrong = code.equals("000000") ? "111111" : "000000";
        String stateBefore = page.panelState();
        int stepsBefore = page.stages().size();
        browser.findElement(By.id("code")).sendKeys(wrong);
        browser.findElement(By.id("verify-submit")).click();
        page.waitUpTo(10)
                .until(ExpectedConditions.textToBe(
                        By.id("code-message"), "That is not the code we emailed you. Please check it and try again."));
        assertThat(page.panelState()).isEqualTo(stateBefore);
        assertThat(page.stages()).hasSize(stepsBefore);
        assertThat(browser.findElement(By.id("code")).isDisplayed()).isTrue();

        // A new code only after the cooldown: the button says how long, and the code mailed first still counts.
        browser.findElement(By.id("resend")).click();
        page.waitUpTo(10)
                .until(ExpectedConditions.textMatches(By.id("code-message"), Pattern.compile("ask for a new one in")));
        assertThat(browser.findElement(By.id("resend")).isEnabled()).isFalse();
        assertThat(page.text("resend")).matches("Send a new code \\(in \\d+ s\\)");

        // The pipeline, across streams the server ends: each step once, in order.
        publish(SignupServiceIntegrationTests.progress(tenantId, ProvisioningStep.CHOOSE_HOST, StepPhase.STARTED));
        page.awaitStages("accepted", "choose_host");
        page.awaitStream("closed");
        publish(SignupServiceIntegrationTests.progress(tenantId, ProvisioningStep.CHOOSE_HOST, StepPhase.FINISHED));
        publish(SignupServiceIntegrationTests.progress(tenantId, ProvisioningStep.CREATE_SITE, StepPhase.STARTED));
        page.awaitStages("accepted", "choose_host", "create_site");
        page.awaitStream("closed");
        page.awaitStream("open");

        // The site really exists on the simulated host, with the customer's user.
        SimulatedBenchHost.ReadySite ready = host.readySite(site);
        createCustomerUser(site, ready, email);
        publish(SignupServiceIntegrationTests.progress(tenantId, ProvisioningStep.CREATE_SITE, StepPhase.FINISHED));
        publish(SignupServiceIntegrationTests.keysActive(tenantId, subdomain));
        publish(completed(tenantId, subdomain, siteUrl));

        page.awaitState("waiting-code");
        assertThat(page.text("state-heading")).isEqualTo("Waiting for your code");
        page.awaitStages("accepted", "choose_host", "create_site", "keys_active", "site_ready");
        assertThat(HeadlessChromium.consoleErrors(browser))
                .as("nothing refused by the Content-Security-Policy, no script error")
                .isEmpty();
        assertThat(browser.findElement(By.id("steps")).getAttribute("data-duplicates"))
                .as("Last-Event-ID: nothing the page had was sent again")
                .isNull();

        // The right code: the hand-off asks for a login key ahead; the test mints it as the provisioner would.
        browser.findElement(By.id("code")).sendKeys(code);
        browser.findElement(By.id("verify-submit")).click();
        page.awaitState("ready");
        assertThat(page.text("state-heading")).isEqualTo("Your site is ready");
        assertThat(browser.findElement(By.tagName("body")).getText())
                .containsOnlyOnce("Your site is ready")
                .doesNotContain("Setting up");
        LoginKeyRequested request = awaitLoginKeyRequest(tenantId);
        String key = mintLoginKey(site, email);
        publish(issued(request, site, key));

        page.waitUpTo(30).until(ExpectedConditions.urlToBe(siteUrl + "/app"));
        assertThat(browser.findElement(By.cssSelector("[data-user]")).getAttribute("data-user"))
                .as("logged in as the customer, never Administrator")
                .isEqualTo(email);

        ResponseEntity<String> again = onSite(site)
                .get()
                .uri("/api/method/frappe.www.login.login_via_key?key=" + key)
                .exchangeToMono(r -> r.toEntity(String.class))
                .block(Duration.ofSeconds(10));
        assertThat(again.getStatusCode().value()).as("the login key works once").isEqualTo(403);
        // A second browser, without the signup's credential.
        instance.client()
                .get()
                .uri("/api/signups/" + tenantId + "/enter")
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    private static String awaitCode(String email) {
        return await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> Arrays.stream(mail.getReceivedMessages())
                                .filter(m -> addressedTo(m, email))
                                .map(GreenMailUtil::getBody)
                                .map(CODE::matcher)
                                .filter(Matcher::find)
                                .map(m -> m.group(1))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    private static boolean addressedTo(MimeMessage message, String email) {
        try {
            return Arrays.stream(message.getAllRecipients())
                    .anyMatch(a -> a.toString().contains(email));
        } catch (jakarta.mail.MessagingException e) {
            return false;
        }
    }

    /** As user-service does: the customer's user, created over REST with the Administrator's keys. */
    private static void createCustomerUser(String site, SimulatedBenchHost.ReadySite ready, String email) {
        String body = "{\"email\": \"" + email + "\", \"first_name\": \"Ada\", \"last_name\": \"Lovelace\","
                + " \"new_password\": \"Quartz-lantern-meadow-57-orbit\", \"send_welcome_email\": 0,"
                + " \"roles\": [{\"role\": \"System Manager\"}]}";
        ResponseEntity<String> created = onSite(site)
                .post()
                .uri("/api/resource/User")
                .header(HttpHeaders.AUTHORIZATION, "token " + ready.apiKey() + ":" + ready.apiSecret())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchangeToMono(r -> r.toEntity(String.class))
                .block(Duration.ofSeconds(10));
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(200);
    }

    /**
     * The simulated host, asked for {@code site}: this JVM resolves no {@code *.localhost} names (the browser
     * does), so the request goes to the simulator's address with the site's name in the Host header.
     */
    private static WebClient onSite(String site) {
        int port = host.simulator.httpPort();
        return WebClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .defaultHeader(HttpHeaders.HOST, site + ":" + port)
                .build();
    }

    /** The provisioner's command line, byte for byte (s3-contracts.md); it keeps only the key. */
    private static String mintLoginKey(String site, String email) {
        String out = host.run("cd '" + BENCH + "' && timeout --kill-after=30s 60 bench --site '" + site
                + "' execute frappe.www.login._generate_temporary_login_link --args \"['" + email + "', 10]\"");
        Matcher m = KEY.matcher(out);
        assertThat(m.find()).as("the command printed a login link").isTrue();
        return m.group(1);
    }

    private static LoginKeyIssued issued(LoginKeyRequested request, String site, String key) {
        SecretSealer sealer = new SecretSealer(SecretPurpose.LOGIN_KEY, Keysets.aeadFromJson(LOGIN_KEYSET, "test"));
        return LoginKeyIssued.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(request.getTenantId())
                .setOccurredAt(Instant.now())
                .setRequestId(request.getRequestId())
                .setLoginKey(sealer.seal(
                        new SealingContext(request.getTenantId(), site), SealedField.LOGIN_KEY, Secret.of(key)))
                .setExpiresAt(Instant.now().plus(Duration.ofMinutes(10)))
                .setFailure(null)
                .build();
    }

    private static SignupCompleted completed(UUID tenantId, String subdomain, String siteUrl) {
        return SignupCompleted.newBuilder(SignupServiceIntegrationTests.completed(tenantId, subdomain))
                .setSiteUrl(siteUrl)
                .setDashboardUrl(siteUrl + "/app")
                .build();
    }

    private static LoginKeyRequested awaitLoginKeyRequest(UUID tenantId) {
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> TopicDump.events(LoginKeyRequested.class, tenantId), found -> !found.isEmpty())
                .get(0);
    }

    private void fillAndSubmit(String subdomain, String email) {
        page.fillAndSubmit(instance.baseUrl(), "Hand-off Test Ltd", subdomain, email);
    }

    private static void publish(SpecificRecord event) {
        instance.publish(event);
    }
}
