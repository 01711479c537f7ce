package io.benchline.signup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.FailureReason;
import io.benchline.events.FailureStage;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.StepPhase;
import io.benchline.events.TenantRequested;
import io.benchline.platform.kafka.EventPublisher;
import io.benchline.schemas.AvroEventDeserializer;
import io.benchline.schemas.Topic;
import io.benchline.testing.Ci;
import io.benchline.testing.KafkaTestBroker;
import io.benchline.testing.TopicDump;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The reference page in real headless Chromium: fill the form, watch the live subdomain check, and follow the
 * progress bar to 100 % and the dashboard link (or to the error message) while the test plays the pipeline.
 */
class SignupPageBrowserTests {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path state;

    private static SignupInstance instance;
    private WebDriver browser;

    @BeforeAll
    static void start() {
        instance = SignupInstance.start(state.resolve("browser"), Map.of());
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    @BeforeEach
    void openBrowser(@TempDir Path profile) {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        Ci.assumeOrFailInCi(installed, "Chromium and chromedriver are not installed");
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-dev-shm-usage",
                        "--user-data-dir=" + profile,
                        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theProgressBarReaches100AndTheDashboardLinkAppears() {
        String subdomain = SignupServiceIntegrationTests.uniqueSubdomain("page");
        fillAndSubmit(subdomain);
        UUID tenantId = awaitTenant(subdomain);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.attributeToBe(By.id("progress"), "value", "5"));

        publish(SignupServiceIntegrationTests.progress(tenantId, ProvisioningStep.CHOOSE_HOST, StepPhase.STARTED));
        publish(SignupServiceIntegrationTests.progress(tenantId, ProvisioningStep.CREATE_SITE, StepPhase.FINISHED));
        publish(SignupServiceIntegrationTests.keysActive(tenantId, subdomain));
        publish(SignupServiceIntegrationTests.completed(tenantId, subdomain));

        wait.until(ExpectedConditions.attributeToBe(By.id("progress"), "value", "100"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dashboard")));
        assertThat(browser.findElement(By.id("dashboard")).getAttribute("href"))
                .isEqualTo("http://" + subdomain + ".localhost:8000/app");
    }

    @Test
    void aFailedSignupShowsWhatToDoAndASupportReferenceButNoInternals() {
        String subdomain = SignupServiceIntegrationTests.uniqueSubdomain("oops");
        fillAndSubmit(subdomain);
        UUID tenantId = awaitTenant(subdomain);

        publish(SignupServiceIntegrationTests.failed(tenantId, FailureStage.PROVISION, FailureReason.HOST_UNREACHABLE));

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("failure")));
        String shown = browser.findElement(By.id("failure")).getText();
        assertThat(shown)
                .as("what to do, and the reference for support")
                .contains("sign up again", tenantId.toString());
        assertThat(shown).as("no host, no bench output").doesNotContain("bench-1", "new-site", "exit 1");
    }

    private void fillAndSubmit(String subdomain) {
        browser.get(instance.baseUrl() + "/");
        browser.findElement(By.id("organization")).sendKeys("Page Test Ltd");
        browser.findElement(By.id("subdomain")).sendKeys(subdomain);
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.textToBe(By.id("subdomain-check"), subdomain + " is available"));
        browser.findElement(By.id("fullName")).sendKeys("Ada Lovelace");
        browser.findElement(By.id("email")).sendKeys("ada@example.com");
        browser.findElement(By.id("password")).sendKeys("Quartz-lantern-meadow-57-orbit");
        browser.findElement(By.id("submit")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("progress")));
    }

    private static UUID awaitTenant(String subdomain) {
        AvroEventDeserializer avro = new AvroEventDeserializer();
        return await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> TopicDump.all(KafkaTestBroker.bootstrapServers()).stream()
                                .filter(r -> r.topic().equals(Topic.TENANT_REQUESTED.topicName()))
                                .map(r -> (TenantRequested) avro.deserialize(r.topic(), r.value()))
                                .filter(r -> r.getSignup().getSubdomain().equals(subdomain))
                                .map(TenantRequested::getTenantId)
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    private static void publish(SpecificRecord event) {
        try {
            instance.bean(EventPublisher.class).publish(event).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
