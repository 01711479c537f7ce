package io.benchline.signup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.FailureReason;
import io.benchline.events.FailureStage;
import io.benchline.events.ProvisioningProgressed;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.StepPhase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The reference page in real headless Chromium while the test plays the pipeline: the heading and text follow the
 * signup's state, steps are ticked with their measured durations, a stream the server ends resumes after the last
 * step shown (the instance ends every stream after two seconds), and a failure says what to do.
 */
class SignupPageBrowserTests {

    private static final Set<String> BUILT = Set.of("awaiting_verification", "completed");

    @TempDir
    static Path state;

    @AutoClose
    private static SignupInstance instance;

    @AutoClose
    private SignupPage page;

    private WebDriver browser;

    @BeforeAll
    static void start() {
        instance =
                SignupInstance.start(state.resolve("browser"), Map.of("benchline.signup.streams.max-lifetime", "2s"));
    }

    @BeforeEach
    void openBrowser(@TempDir Path profile) {
        page = SignupPage.open(profile);
        browser = page.browser();
    }

    @Test
    void theHeadingFollowsTheStateAndTheStepsAreTickedWithTheirDurations() {
        String subdomain = SignupServiceIntegrationTests.uniqueSubdomain("page");
        fillAndSubmit(subdomain);
        UUID tenantId = SignupServiceIntegrationTests.awaitTenant(subdomain);
        page.awaitState("accepted");
        assertThat(page.text("state-heading")).isEqualTo("Signup accepted");

        publish(SignupServiceIntegrationTests.progress(tenantId, ProvisioningStep.CHOOSE_HOST, StepPhase.STARTED));
        page.awaitState("building");
        assertThat(page.text("state-heading")).isEqualTo("Building your site");
        publish(SignupServiceIntegrationTests.progress(tenantId, ProvisioningStep.CHOOSE_HOST, StepPhase.FINISHED));
        publish(SignupServiceIntegrationTests.progress(tenantId, ProvisioningStep.CREATE_SITE, StepPhase.STARTED));
        page.awaitStages("accepted", "choose_host", "create_site");
        publish(SignupServiceIntegrationTests.progress(tenantId, ProvisioningStep.CREATE_SITE, StepPhase.FINISHED));
        publish(SignupServiceIntegrationTests.keysActive(tenantId, subdomain));
        page.awaitStages("accepted", "choose_host", "create_site", "keys_active");
        assertThat(page.text("state-text")).isEqualTo("API keys work; creating your administrator account.");

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
        page.awaitState("ready");
        assertThat(page.text("state-heading")).isEqualTo("Your site is ready");
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
        String pageUrl = browser.getCurrentUrl();
        page.waitUpTo(10).until(driver -> !pageUrl.equals(driver.getCurrentUrl()));
    }

    @Test
    void aStreamTheServerEndsResumesAfterTheLastStepShownWithoutRepeatsOrGaps() {
        String subdomain = SignupServiceIntegrationTests.uniqueSubdomain("drop");
        fillAndSubmit(subdomain);
        UUID tenantId = SignupServiceIntegrationTests.awaitTenant(subdomain);
        page.awaitState("accepted");

        publish(SignupServiceIntegrationTests.progress(tenantId, ProvisioningStep.CHOOSE_HOST, StepPhase.STARTED));
        page.awaitStages("accepted", "choose_host");
        // The server ends the stream (max-lifetime 2 s); a step published while the browser is disconnected
        // must arrive once it reconnects with Last-Event-ID.
        page.awaitStream("closed");
        publish(SignupServiceIntegrationTests.progress(tenantId, ProvisioningStep.CHOOSE_HOST, StepPhase.FINISHED));
        publish(SignupServiceIntegrationTests.progress(tenantId, ProvisioningStep.CLAIM_STANDBY, StepPhase.STARTED));
        page.awaitStages("accepted", "choose_host", "claim_standby");
        assertThat(browser.findElement(By.id("path")).isDisplayed())
                .as("a pooled signup says it uses a ready-built site")
                .isTrue();

        page.awaitStream("closed");
        page.awaitStream("open");
        publish(SignupServiceIntegrationTests.progress(tenantId, ProvisioningStep.WARM_UP, StepPhase.STARTED));
        page.awaitStages("accepted", "choose_host", "claim_standby", "warm_up");

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
        // The instance also learns from every built signup on the shared status topic, earlier test classes'
        // included (restored into its view at start), and those took no time: the test's own pooled signups must be
        // the majority for the median to be theirs.
        builtPooledSignupThatTook(Duration.ofSeconds(90));
        builtPooledSignupThatTook(Duration.ofSeconds(90));

        String subdomain = SignupServiceIntegrationTests.uniqueSubdomain("soon");
        fillAndSubmit(subdomain);
        UUID tenantId = SignupServiceIntegrationTests.awaitTenant(subdomain);
        publish(SignupServiceIntegrationTests.progress(tenantId, ProvisioningStep.CLAIM_STANDBY, StepPhase.STARTED));

        // Not until the estimate is visible: the accepted step may already carry one, from the cold path's samples.
        // The claim's frame sets the estimate in the same script task that adds its row.
        page.awaitStages("accepted", "claim_standby");
        assertThat(browser.findElement(By.id("estimate")).isDisplayed()).isTrue();
        assertThat(page.text("estimate")).matches("About 1 min \\d+ s left\\.");
        assertThat(browser.findElement(By.id("path")).isDisplayed()).isTrue();
    }

    /**
     * A pooled signup that took {@code took} from claiming its standby to a built site, once the status API shows it
     * built: the instance learns from a snapshot on the same thread that stores it, so the sample is in before any
     * later snapshot (the next signup's claim) is seen.
     */
    private static void builtPooledSignupThatTook(Duration took) {
        String subdomain = SignupServiceIntegrationTests.uniqueSubdomain("before");
        AcceptedSignup earlier = AcceptedSignup.post(
                instance.client(),
                SignupServiceIntegrationTests.signup("Earlier Ltd", subdomain, "earlier@example.com"));
        publish(ProvisioningProgressed.newBuilder(SignupServiceIntegrationTests.progress(
                        earlier.tenantId(), ProvisioningStep.CLAIM_STANDBY, StepPhase.STARTED))
                .setOccurredAt(Instant.now().minus(took))
                .build());
        publish(SignupServiceIntegrationTests.completed(earlier.tenantId(), subdomain));
        await().atMost(Duration.ofSeconds(20)).until(() -> BUILT.contains(statusOf(earlier)));
    }

    private static String statusOf(AcceptedSignup signup) {
        return EmailVerificationTests.status(instance, signup).path("status").asString(null);
    }

    @Test
    void aFailedSignupShowsWhatToDoAndASupportReferenceButNoInternals() {
        String subdomain = SignupServiceIntegrationTests.uniqueSubdomain("oops");
        fillAndSubmit(subdomain);
        UUID tenantId = SignupServiceIntegrationTests.awaitTenant(subdomain);

        publish(SignupServiceIntegrationTests.failed(tenantId, FailureStage.PROVISION, FailureReason.HOST_UNREACHABLE));

        page.awaitState("failed");
        assertThat(page.text("state-heading")).isEqualTo("We could not create your site");
        String shown = browser.findElement(By.id("failure")).getText();
        assertThat(shown)
                .as("what to do, and the reference for support")
                .contains("sign up again", tenantId.toString());
        assertThat(shown).as("no host, no bench output").doesNotContain("bench-1", "new-site", "exit 1");
        assertThat(browser.findElement(By.id("restart-link")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("enter")).isDisplayed()).isFalse();
    }

    private void fillAndSubmit(String subdomain) {
        page.fillAndSubmit(instance.baseUrl(), "Page Test Ltd", subdomain, "ada@example.com");
    }

    private static void publish(SpecificRecord event) {
        instance.publish(event);
    }
}
