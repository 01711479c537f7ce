package io.benchline.signup;

import io.benchline.testing.Ci;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Pattern;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Debian's Chromium and its matching chromedriver, headless, with no network beyond loopback: every name but
 * {@code localhost}, {@code *.localhost} (the simulated sites) and 127.0.0.1 fails to resolve, so the browser makes
 * no calls to Google's hosts. Skips the test without a browser, except in CI.
 */
final class HeadlessChromium {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final Pattern HANDLED_API_ANSWER = Pattern.compile(
            "^https?://localhost:\\d+/api/\\S* - Failed to load resource: the server responded with a status of 4");

    private HeadlessChromium() {}

    /**
     * Warnings and errors the page logged since the last call: CSP refusals, script errors, resources that failed to
     * load. An API answer the page expects and handles (a 422 for a wrong code, a 429 during a cooldown) is logged
     * by Chromium as well; those of {@code /api/} are left out.
     */
    static List<String> consoleErrors(WebDriver browser) {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage)
                .filter(message -> !HANDLED_API_ANSWER.matcher(message).find())
                .toList();
    }

    /** Call from {@code @BeforeEach}: an assumption there shows as a skip in Surefire's counts. */
    static WebDriver open(Path profile) {
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
                        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE *.localhost,"
                                + " EXCLUDE 127.0.0.1");
        // The console, so a test can see what the page's Content-Security-Policy refused.
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
