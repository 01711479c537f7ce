package io.benchline.simulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
 * The hand-off (frappe-facts.md "Logging a new user in without a password"): a one-time login key minted over SSH
 * with the contracts' exact command line, {@code login_via_key} (Guest, GET, single use, rate limit, 403 page),
 * the session it starts for THAT user, and the desk and login pages. {@code login_via_key}'s rate limit counts per
 * site and client IP, so every test that calls it has a site of its own.
 */
class OneTimeLoginConformanceTests {

    private static final String LOGIN_VIA_KEY = "/api/method/frappe.www.login.login_via_key";
    private static final Pattern LINK = Pattern.compile(
            "\"(https?://[^/\"]+)/api/method/frappe\\.www\\.login\\.login_via_key\\?key=([0-9a-f]{56})\"");
    private static final String PASSWORD = "Str0ng-P4ss!word";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    static BenchHostTarget target;

    @BeforeAll
    static void connect() throws Exception {
        target = BenchHostTarget.resolve(work);
    }

    @AfterAll
    static void disconnect() {
        target.close();
    }

    /** A routed site with Administrator's key and one System Manager customer, as user-service leaves it. */
    record CustomerSite(String name, String email, Map<String, String> adminToken) {}

    static CustomerSite customerSite(BenchHostTarget on) throws Exception {
        String site = on.readySite(false);
        Map<String, String> token = on.administratorKeys(site).token();
        String email = "jane." + UUID.randomUUID().toString().substring(0, 8) + "@acme.example";
        HttpResponse<String> created = on.post(
                site,
                "/api/resource/User",
                "application/json",
                "{\"email\":\"" + email + "\",\"first_name\":\"Jane\",\"last_name\":\"Doe\",\"new_password\":\""
                        + PASSWORD + "\",\"send_welcome_email\":0,\"roles\":[{\"role\":\"System Manager\"}]}",
                token);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        return new CustomerSite(site, email, token);
    }

    /** The contracts' line, byte for byte: {@code cd '<bench>' && timeout … bench --site '<site>' execute …}. */
    static BenchResult mint(BenchHostTarget on, String site, String email, int minutes) throws Exception {
        return on.exec(
                "cd '" + on.benchFolder() + "' && timeout --kill-after=30s 60 " + on.benchExecutable() + " --site '"
                        + site + "' execute frappe.www.login._generate_temporary_login_link --args \"['" + email
                        + "', " + minutes + "]\"",
                null);
    }

    static String keyOf(BenchResult minted) {
        Matcher link = LINK.matcher(lastLine(minted.out()));
        assertThat(link.matches()).as("a JSON string holding the link").isTrue();
        return link.group(2);
    }

    static String lastLine(String out) {
        List<String> lines = out.lines().filter(line -> !line.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    static HttpResponse<String> useKey(BenchHostTarget on, String site, String key) throws Exception {
        return on.get(site, LOGIN_VIA_KEY + "?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8), Map.of());
    }

    static String sidCookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("sid="))
                .findFirst()
                .orElseThrow()
                .split(";")[0];
    }

    @Test
    void mintingPrintsTheLinkOnTheSitesOwnNameAsAJsonString() throws Exception {
        CustomerSite site = customerSite(target);

        BenchResult minted = mint(target, site.name(), site.email(), 2);

        assertThat(minted.exit()).isZero();
        Matcher link = LINK.matcher(lastLine(minted.out()));
        assertThat(link.matches()).isTrue();
        if (target.embedded()) {
            // get_url without a request or host_name: http://<site folder>; no :webserver_port on a production
            // bench (setup production sets restart_supervisor_on_update).
            assertThat(link.group(1)).isEqualTo("http://" + site.name());
            assertThat(target.simulator().site(site.name()).orElseThrow().liveLoginKeys())
                    .isEqualTo(1);
        }
    }

    @Test
    void anUnknownUserIsADoesNotExistErrorAndNoKey() throws Exception {
        CustomerSite site = customerSite(target);

        BenchResult minted = mint(target, site.name(), "nobody@acme.example", 2);

        assertThat(minted.exit()).isEqualTo(1);
        assertThat(lastLine(minted.err()))
                .isEqualTo("frappe.exceptions.DoesNotExistError: User with email address nobody@acme.example does not"
                        + " exist");
        assertThat(minted.out()).doesNotContain("login_via_key");
    }

    @Test
    void aValidKeyLogsThatUserInOnceAndRedirectsToTheDesk() throws Exception {
        CustomerSite site = customerSite(target);
        String key = keyOf(mint(target, site.name(), site.email(), 2));

        HttpResponse<String> first = useKey(target, site.name(), key);
        HttpResponse<String> again = useKey(target, site.name(), key);

        assertThat(first.statusCode()).isEqualTo(302);
        // redirect_post_login: get_url("/app"), absolute, built from the request's Host.
        assertThat(first.headers().firstValue("Location"))
                .hasValueSatisfying(
                        l -> assertThat(l).matches("https?://" + Pattern.quote(site.name()) + "(:\\d+)?/app"));
        List<String> cookies = first.headers().allValues("Set-Cookie");
        assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("sid=").contains("HttpOnly"));
        assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("system_user=yes"));
        assertThat(cookies)
                .anySatisfy(c ->
                        assertThat(c).startsWith("user_id=" + URLEncoder.encode(site.email(), StandardCharsets.UTF_8)));
        assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("full_name="));
        assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("user_image="));
        assertThat(again.statusCode()).isEqualTo(403);
        assertThat(again.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(again.body()).contains("Not Permitted").contains("invalid or expired");
    }

    @Test
    void theSessionIsTheCustomersForTheDeskAndForTheRestApi() throws Exception {
        CustomerSite site = customerSite(target);
        String sid = sidCookie(useKey(target, site.name(), keyOf(mint(target, site.name(), site.email(), 2))));

        HttpResponse<String> who =
                target.get(site.name(), "/api/method/frappe.auth.get_logged_user", Map.of("Cookie", sid));
        HttpResponse<String> self =
                target.get(site.name(), "/api/resource/User/" + site.email(), Map.of("Cookie", sid));
        HttpResponse<String> desk = target.get(site.name(), "/app", Map.of("Cookie", sid));

        assertThat(who.body()).isEqualTo("{\"message\":\"" + site.email() + "\"}");
        assertThat(self.statusCode()).isEqualTo(200);
        assertThat(desk.statusCode()).isEqualTo(200);
        assertThat(desk.body()).contains(site.email());
        if (target.embedded()) {
            assertThat(desk.body())
                    .contains("data-user=\"" + site.email() + "\"")
                    .contains("data-setup-wizard=\"pending\"");
        }
    }

    @Test
    void anUnknownKeyGetsTheNotPermittedPage() throws Exception {
        CustomerSite site = customerSite(target);

        HttpResponse<String> unknown = useKey(target, site.name(), "0".repeat(56));

        assertThat(unknown.statusCode()).isEqualTo(403);
        assertThat(unknown.body()).contains("The link you trying to login is invalid or expired.");
        assertThat(unknown.headers().allValues("Set-Cookie"))
                .noneSatisfy(c -> assertThat(c).startsWith("sid="));
    }

    @Test
    void theSixthCallWithinAnHourFromOneAddressIsRateLimitedWith417AndKeepsTheKey() throws Exception {
        CustomerSite site = customerSite(target);
        String key = keyOf(mint(target, site.name(), site.email(), 5));
        for (int i = 0; i < 5; i++) {
            assertThat(useKey(target, site.name(), "f".repeat(56)).statusCode()).isEqualTo(403);
        }

        HttpResponse<String> limited = useKey(target, site.name(), key);

        // @rate_limit throws RateLimitExceededError, a ValidationError: 417, not 429 (that is the global limiter).
        assertThat(limited.statusCode()).isEqualTo(417);
        assertThat(JSON.readTree(limited.body()).get("exc_type").asText()).isEqualTo("RateLimitExceededError");
        assertThat(limited.body()).contains("You hit the rate limit because of too many requests.");
        assertThat(limited.headers().allValues("Set-Cookie"))
                .noneSatisfy(c -> assertThat(c).startsWith("sid="));
        if (target.embedded()) {
            assertThat(target.simulator().site(site.name()).orElseThrow().liveLoginKeys())
                    .isEqualTo(1);
        }
    }

    @Test
    void aBrowserThatIsRateLimitedGetsAnHtmlPage() throws Exception {
        CustomerSite site = customerSite(target);
        Map<String, String> browser = Map.of("Accept", "text/html,application/xhtml+xml");
        for (int i = 0; i < 5; i++) {
            target.get(site.name(), LOGIN_VIA_KEY + "?key=" + "e".repeat(56), browser);
        }

        HttpResponse<String> limited = target.get(site.name(), LOGIN_VIA_KEY + "?key=" + "e".repeat(56), browser);

        assertThat(limited.statusCode()).isEqualTo(417);
        assertThat(limited.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    }

    @Test
    void theDeskWithoutASessionRedirectsToTheLoginPage() throws Exception {
        CustomerSite site = customerSite(target);

        HttpResponse<String> desk = target.get(site.name(), "/app", Map.of());
        HttpResponse<String> login = target.get(site.name(), "/login", Map.of());

        // frappe/www/app.py: frappe.redirect(f"/login?{urlencode({'redirect-to': path})}"), a 301.
        assertThat(desk.statusCode()).isEqualTo(301);
        assertThat(desk.headers().firstValue("Location")).hasValue("/login?redirect-to=%2Fapp");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(login.body()).contains("login_email");
    }

    @Test
    void theLoginPageSendsSomeoneLoggedInToTheDesk() throws Exception {
        CustomerSite site = customerSite(target);
        HttpResponse<String> session = target.post(
                site.name(),
                "/api/method/login",
                "application/json",
                JSON.writeValueAsString(Map.of("usr", site.email(), "pwd", PASSWORD)),
                Map.of());

        HttpResponse<String> login = target.get(site.name(), "/login", Map.of("Cookie", sidCookie(session)));

        assertThat(login.statusCode()).isEqualTo(301);
        assertThat(login.headers().firstValue("Location")).hasValue("/app");
    }

    @Test
    void anExpiredKeyGetsTheNotPermittedPageAndTheRateLimitWindowEndsAfterAnHour() throws Exception {
        assumeTrue(target.embedded(), "needs the simulator's clock");
        MovableClock clock = new MovableClock();
        Path own = Files.createDirectories(work.resolve("clock"));
        try (BenchHostTarget timed = BenchHostTarget.embedded(own, builder -> builder.clock(clock))) {
            CustomerSite site = customerSite(timed);
            String expiring = keyOf(mint(timed, site.name(), site.email(), 2));
            // expiry 0: expires_in_sec=0 is falsy, so the cache keeps the key without expiry (redis set, not setex).
            String lasting = keyOf(mint(timed, site.name(), site.email(), 0));
            clock.advance(Duration.ofMinutes(2));
            assertThat(useKey(timed, site.name(), expiring).statusCode()).isEqualTo(403);
            for (int i = 0; i < 4; i++) {
                useKey(timed, site.name(), "a".repeat(56));
            }
            assertThat(useKey(timed, site.name(), lasting).statusCode()).isEqualTo(417);

            clock.advance(Duration.ofMinutes(60));

            assertThat(useKey(timed, site.name(), lasting).statusCode()).isEqualTo(302);
        }
    }

    /** A clock a test moves forward by hand. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
