package io.benchline.signup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The reference signup page in {@link HeadlessChromium}, as the browser tests drive it: fill in and submit the form,
 * read its texts and wait for the progress panel, the step list and the stream to reach a state.
 */
final class SignupPage implements AutoCloseable {

    private final WebDriver browser;

    private SignupPage(WebDriver browser) {
        this.browser = browser;
    }

    /** Call from {@code @BeforeEach}: without a browser the test is skipped (outside CI). */
    static SignupPage open(Path profile) {
        return new SignupPage(HeadlessChromium.open(profile));
    }

    WebDriver browser() {
        return browser;
    }

    /** Opens the page of the instance at {@code baseUrl}, fills the form and waits until the progress shows. */
    void fillAndSubmit(String baseUrl, String organization, String subdomain, String email) {
        browser.get(baseUrl + "/");
        browser.findElement(By.id("organization")).sendKeys(organization);
        browser.findElement(By.id("subdomain")).sendKeys(subdomain);
        waitUpTo(10).until(ExpectedConditions.textToBe(By.id("subdomain-check"), subdomain + " is available"));
        browser.findElement(By.id("fullName")).sendKeys("Ada Lovelace");
        browser.findElement(By.id("email")).sendKeys(email);
        browser.findElement(By.id("password")).sendKeys("Quartz-lantern-meadow-57-orbit");
        browser.findElement(By.id("submit")).click();
        waitUpTo(20).until(ExpectedConditions.visibilityOfElementLocated(By.id("progress")));
    }

    WebDriverWait waitUpTo(int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds), Duration.ofMillis(50));
    }

    String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    String panelState() {
        return browser.findElement(By.id("progress-panel")).getAttribute("data-state");
    }

    /** The stages of the step list, in the order shown. */
    List<String> stages() {
        return browser.findElements(By.cssSelector("#steps li")).stream()
                .map(li -> li.getAttribute("data-stage"))
                .toList();
    }

    void awaitState(String expected) {
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.id("progress-panel"), "data-state", expected));
    }

    void awaitStream(String expected) {
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.id("steps"), "data-stream", expected));
    }

    /** Until the step list is exactly these stages, in this order. */
    void awaitStages(String... expected) {
        waitUpTo(20).until(driver -> List.of(expected).equals(stages()));
    }

    @Override
    public void close() {
        browser.quit();
    }
}
