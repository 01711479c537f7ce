package io.benchline.signup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.FailureReason;
import io.benchline.events.FailureStage;
import io.benchline.events.ProvisioningProgressed;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.StepPhase;
import io.benchline.events.TenantRequested;
import io.benchline.platform.kafka.EventPublisher;
import io.benchline.schemas.AvroEventDeserializer;
import io.benchline.schemas.Topic;
import io.benchline.testing.KafkaTestBroker;
import io.benchline.testing.TopicDump;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reference page in real headless Chromium while the test plays the pipeline: the heading and text follow the
 * signup's state, steps are ticked with their measured durations, a stream the server ends resumes after the last
 * step shown (the instance ends every stream after two seconds), and a failure says what to do.
 */
class SignupPageBrowserTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path state;

    private static SignupInstance instance;
    private WebDriver browser;

    @BeforeAll
    static void start() {
        instance =
                SignupInstance.start(state.resolve("browser"), Map.of("benchline.signup.streams.max-lifetime", "2s"));
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    @BeforeEach
    void openBrowser(@TempDir Path profile) {
        browser = HeadlessChromium.open(profile);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theHeadingFollowsTheStateAndTheStepsAreTickedWithTheirDurations() {
        String subdomain = SignupServiceIntegrationTests.uniqueSubdomain("page");
        fillAndSubmit(subdomain);
        UUID tenantId = awaitTenant(subdomain);
        awaitState("accepted");
        assertThat(text("state-heading")).isEqualTo("Signup accepted");

        publish(SignupServiceIntegrationTests.progress(tenantId, ProvisioningStep.CHOOSE_HOST, StepPhase.STARTED));
        awaitState("building");
        assertThat(text("state-heading")).isEqualTo("Building your site");
        publish(SignupServiceIntegrationTests.progress(tenantId, ProvisioningStep.CHOOSE_HOST, StepPhase.FINISHED));
        publish(SignupServiceIntegrationTests.progress(tenantId, ProvisioningStep.CREATE_SITE, StepPhase.STARTED));
        awaitStages("accepted", "choose_host", "create_site");
        publish(SignupServiceIntegrationTests.progress(tenantId, ProvisioningStep.CREATE_SITE, StepPhase.FINISHED));
        publish(SignupServiceIntegrationTests.keysActive(tenantId, subdomain));
        awaitStages("accepted", "choose_host", "create_site", "keys_active");
        assertThat(text("state-text")).isEqualTo("API keys work; creating your administrator account.");

        List<WebElement> rows = browser.findElements(By.cssSelector("#steps li"));
        for (WebElement row : rows.subList(0, rows.size() - 1)) {
            assertThat(row.getAttribute("class")).as(row.getText()).isEqualTo("done");
            assertThat(row.findElement(By.className("duration")).getText())
                    .as("a ticked step shows its measured duration")
                    .matches("\\d+\\.\\d s|\\d+ s|\\d+ min( \\d+ s)?");
        }
        assertThat(rows.get(rows.size() - 1).getAttribute("aria-current")).isEqualTo("step");
        assertThat(browser.findElement(By.id("progress")).getAttribute("value")).isEqualTo("92");

        publish(SignupServiceIntegrationTests.completed(tenantId, subdomain));
        awaitState("ready");
        assertThat(text("state-heading")).isEqualTo("Your site is ready");
        assertThat(browser.findElement(By.tagName("body")).getText())
                .as("said once, in the heading")
                .containsOnlyOnce("Your site is ready")
                .doesNotContain("Setting up");
        assertThat(browser.findElement(By.id("enter-link")).isDisplayed())
                .as("a button in case the browser stops the redirect")
                .isTrue();
        assertThat(HeadlessChromium.consoleErrors(browser))
                .as("nothing refused by the Content-Security-Policy, no script error")
                .isEmpty();
        String page = browser.getCurrentUrl();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(driver -> !page.equals(driver.getCurrentUrl()));
    }

    @Test
    void aStreamTheServerEndsResumesAfterTheLastStepShownWithoutRepeatsOrGaps() {
        String subdomain = SignupServiceIntegrationTests.uniqueSubdomain("drop");
        fillAndSubmit(subdomain);
        UUID tenantId = awaitTenant(subdomain);
        awaitState("accepted");

        publish(SignupServiceIntegrationTests.progress(tenantId, ProvisioningStep.CHOOSE_HOST, StepPhase.STARTED));
        awaitStages("accepted", "choose_host");
        // The server ends the stream (max-lifetime 2 s); a step published while the browser is disconnected
        // must arrive once it reconnects with Last-Event-ID.
        awaitStream("closed");
        publish(SignupServiceIntegrationTests.progress(tenantId, ProvisioningStep.CHOOSE_HOST, StepPhase.FINISHED));
        publish(SignupServiceIntegrationTests.progress(tenantId, ProvisioningStep.CLAIM_STANDBY, StepPhase.STARTED));
        awaitStages("accepted", "choose_host", "claim_standby");
        assertThat(browser.findElement(By.id("path")).isDisplayed())
                .as("a pooled signup says it uses a ready-built site")
                .isTrue();

        awaitStream("closed");
        awaitStream("open");
        publish(SignupServiceIntegrationTests.progress(tenantId, ProvisioningStep.WARM_UP, StepPhase.STARTED));
        awaitStages("accepted", "choose_host", "claim_standby", "warm_up");

        WebElement steps = browser.findElement(By.id("steps"));
        assertThat(Integer.parseInt(steps.getAttribute("data-connections")))
                .as("the stream was reopened")
                .isGreaterThanOrEqualTo(3);
        assertThat(steps.getAttribute("data-duplicates"))
                .as("Last-Event-ID: the server replayed nothing the page had")
                .isNull();
    }

    @Test
    void theTimeLeftIsEstimatedFromRecentSignupsOnTheSamePath() {
        // An earlier pooled signup took 90 s from claiming its standby to a built site.
        String earlier = SignupServiceIntegrationTests.uniqueSubdomain("before");
        instance.client()
                .post()
                .uri("/api/signups")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(JSON.writeValueAsBytes(
                        SignupServiceIntegrationTests.signup("Earlier Ltd", earlier, "earlier@example.com")))
                .exchange()
                .expectStatus()
                .isAccepted();
        UUID earlierId = awaitTenant(earlier);
        Instant claimed = Instant.now().minusSeconds(90);
        publish(ProvisioningProgressed.newBuilder(SignupServiceIntegrationTests.progress(
                        earlierId, ProvisioningStep.CLAIM_STANDBY, StepPhase.STARTED))
                .setOccurredAt(claimed)
                .build());
        publish(SignupServiceIntegrationTests.completed(earlierId, earlier));

        String subdomain = SignupServiceIntegrationTests.uniqueSubdomain("soon");
        fillAndSubmit(subdomain);
        UUID tenantId = awaitTenant(subdomain);
        publish(SignupServiceIntegrationTests.progress(tenantId, ProvisioningStep.CLAIM_STANDBY, StepPhase.STARTED));

        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("estimate")));
        assertThat(text("estimate")).matches("About 1 min \\d+ s left\\.");
        assertThat(browser.findElement(By.id("path")).isDisplayed()).isTrue();
    }

    @Test
    void aFailedSignupShowsWhatToDoAndASupportReferenceButNoInternals() {
        String subdomain = SignupServiceIntegrationTests.uniqueSubdomain("oops");
        fillAndSubmit(subdomain);
        UUID tenantId = awaitTenant(subdomain);

        publish(SignupServiceIntegrationTests.failed(tenantId, FailureStage.PROVISION, FailureReason.HOST_UNREACHABLE));

        awaitState("failed");
        assertThat(text("state-heading")).isEqualTo("We could not create your site");
        String shown = browser.findElement(By.id("failure")).getText();
        assertThat(shown)
                .as("what to do, and the reference for support")
                .contains("sign up again", tenantId.toString());
        assertThat(shown).as("no host, no bench output").doesNotContain("bench-1", "new-site", "exit 1");
        assertThat(browser.findElement(By.id("restart-link")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("enter")).isDisplayed()).isFalse();
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

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private void awaitState(String expected) {
        new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(50))
                .until(ExpectedConditions.attributeToBe(By.id("progress-panel"), "data-state", expected));
    }

    private void awaitStream(String expected) {
        new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(50))
                .until(ExpectedConditions.attributeToBe(By.id("steps"), "data-stream", expected));
    }

    /** Until the step list is exactly these stages, in this order. */
    private void awaitStages(String... stages) {
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(driver -> List.of(stages)
                        .equals(driver.findElements(By.cssSelector("#steps li")).stream()
                                .map(li -> li.getAttribute("data-stage"))
                                .toList()));
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
