package io.benchline.simulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per row of the "REST API of a site (v15)" table of frappe-facts.md, plus routing after nginx. */
class RestApiConformanceTests {

    private static final String LOGGED_USER = "/api/method/frappe.auth.get_logged_user";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    static BenchHostTarget target;
    static String site;
    static String apiKey;
    static String apiSecret;

    @BeforeAll
    static void readySiteWithKeys() throws Exception {
        target = BenchHostTarget.resolve(work);
        site = target.readySite(false);
        rotateSecret();
        apiKey = JSON.readValue(
                target.bench("bench --site " + site
                                + " execute frappe.db.get_value --args \"['User','Administrator','api_key']\"")
                        .out(),
                String.class);
    }

    @AfterAll
    static void disconnect() {
        target.close();
    }

    private static void rotateSecret() throws Exception {
        BenchResult keys = target.bench("bench --site " + site
                + " execute frappe.core.doctype.user.user.generate_keys --args \"['Administrator']\"");
        apiSecret = JSON.readTree(keys.out()).get("api_secret").asText();
    }

    private static Map<String, String> token() {
        return Map.of("Authorization", "token " + apiKey + ":" + apiSecret);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static List<String> serverMessages(JsonNode body) throws Exception {
        JsonNode outer = JSON.readTree(body.get("_server_messages").asText());
        return java.util.stream.StreamSupport.stream(outer.spliterator(), false)
                .map(inner -> {
                    try {
                        return JSON.readTree(inner.asText()).get("message").asText();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    private static String userJson(String email, String firstName, String password) {
        return "{\"email\":\"" + email + "\"," + (firstName == null ? "" : "\"first_name\":\"" + firstName + "\",")
                + "\"last_name\":\"Doe\",\"new_password\":\"" + password + "\",\"send_welcome_email\":0,"
                + "\"roles\":[{\"role\":\"System Manager\"}]}";
    }

    private static String uniqueEmail() {
        return "User." + UUID.randomUUID().toString().substring(0, 8) + "@Example.com";
    }

    @Test
    void aValidKeyIsTheAdministrator() throws Exception {
        HttpResponse<String> response = target.get(site, LOGGED_USER, token());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"message\":\"Administrator\"}");
    }

    @Test
    void basicAuthWithKeyAndSecretWorksToo() throws Exception {
        String basic = Base64.getEncoder().encodeToString((apiKey + ":" + apiSecret).getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = target.get(site, LOGGED_USER, Map.of("Authorization", "Basic " + basic));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void aWrongSecretIs401WithFrappesErrorBodyAndExpiredCookies() throws Exception {
        HttpResponse<String> response =
                target.get(site, LOGGED_USER, Map.of("Authorization", "token " + apiKey + ":0000000000abcde"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = json(response);
        assertThat(body.get("exc_type").asText()).isEqualTo("AuthenticationError");
        assertThat(body.get("exception").asText()).isEqualTo("frappe.exceptions.AuthenticationError");
        assertThat(JSON.readTree(body.get("exc").asText()).isArray()).isTrue();
        List<String> cookies = response.headers().allValues("Set-Cookie");
        for (String name : List.of("sid", "user_id", "full_name", "user_image", "system_user")) {
            assertThat(cookies)
                    .anySatisfy(c -> assertThat(c).startsWith(name + "=;").containsIgnoringCase("expires"));
        }
    }

    @Test
    void aHeaderThatDoesNotSplitInTwoIsAGuestAndGets403() throws Exception {
        HttpResponse<String> threeParts =
                target.get(site, LOGGED_USER, Map.of("Authorization", "token " + apiKey + ":" + apiSecret + " extra"));

        assertThat(threeParts.statusCode()).isEqualTo(403);
        assertThat(json(threeParts).get("exc_type").asText()).isEqualTo("PermissionError");
    }

    @Test
    void aTwoPartHeaderThatLeavesTheUserGuestIs401() throws Exception {
        HttpResponse<String> noColon = target.get(site, LOGGED_USER, Map.of("Authorization", "token " + apiKey));
        HttpResponse<String> unknownScheme =
                target.get(site, LOGGED_USER, Map.of("Authorization", "Digest " + apiKey + ":" + apiSecret));

        for (HttpResponse<String> response : List.of(noColon, unknownScheme)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(json(response).get("exc_type").asText()).isEqualTo("AuthenticationError");
        }
    }

    @Test
    void nginxPicksTheSiteByHostAndIgnoresAClientsSiteNameHeader() throws Exception {
        HttpResponse<String> byHeader = target.get(
                BenchHostTarget.newSiteName(),
                LOGGED_USER,
                Map.of("X-Frappe-Site-Name", site, "Authorization", "token " + apiKey + ":" + apiSecret));

        assertThat(byHeader.statusCode()).isEqualTo(404);
    }

    @Test
    void generateKeysRotatesTheSecretAndTheOldOneStopsWorkingAtOnce() throws Exception {
        Map<String, String> old = token();

        rotateSecret();

        assertThat(target.get(site, LOGGED_USER, old).statusCode()).isEqualTo(401);
        assertThat(target.get(site, LOGGED_USER, token()).statusCode()).isEqualTo(200);
    }

    @Test
    void loginWithFormSetsAnHttpOnlySidAndSystemUserCookies() throws Exception {
        HttpResponse<String> response = target.post(
                site,
                "/api/method/login",
                "application/x-www-form-urlencoded",
                "usr=Administrator&pwd=" + BenchHostTarget.ADMIN_PASSWORD,
                Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .isEqualTo("{\"message\":\"Logged In\",\"home_page\":\"/app\",\"full_name\":\"Administrator\"}");
        List<String> cookies = response.headers().allValues("Set-Cookie");
        assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("sid=").contains("HttpOnly"));
        assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("system_user=yes"));
        assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("full_name="));
        assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("user_id="));
    }

    @Test
    void loginWithJsonWorksAndWrongOrMissingCredentialsAre401() throws Exception {
        HttpResponse<String> ok = target.post(
                site,
                "/api/method/login",
                "application/json",
                "{\"usr\":\"Administrator\",\"pwd\":\"" + BenchHostTarget.ADMIN_PASSWORD + "\"}",
                Map.of());
        HttpResponse<String> wrong = target.post(
                site,
                "/api/method/login",
                "application/json",
                "{\"usr\":\"Administrator\",\"pwd\":\"not-it\"}",
                Map.of());
        HttpResponse<String> missing =
                target.post(site, "/api/method/login", "application/json", "{\"usr\":\"Administrator\"}", Map.of());

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).get("message").asText()).isEqualTo("Invalid login credentials");
        assertThat(json(wrong).get("exc_type").asText()).isEqualTo("AuthenticationError");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(json(missing).get("message").asText()).isEqualTo("Incomplete login details");
    }

    @Test
    void creatingAUserAnswers200WithTheWholeDocNamedByTheLowerCasedEmail() throws Exception {
        String email = uniqueEmail();

        HttpResponse<String> response = target.post(
                site, "/api/resource/User", "application/json", userJson(email, "Jane", "Str0ng-P4ss!word"), token());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode data = json(response).get("data");
        assertThat(data.get("name").asText()).isEqualTo(email.toLowerCase());
        assertThat(data.get("first_name").asText()).isEqualTo("Jane");
        assertThat(data.get("doctype").asText()).isEqualTo("User");
        assertThat(data.get("roles").get(0).get("role").asText()).isEqualTo("System Manager");
        HttpResponse<String> read = target.get(site, "/api/resource/User/" + email.toLowerCase(), token());
        assertThat(read.statusCode()).isEqualTo(200);
    }

    @Test
    void creatingTheSameUserAgainIs409DuplicateEntry() throws Exception {
        String email = uniqueEmail();
        target.post(
                site, "/api/resource/User", "application/json", userJson(email, "Jane", "Str0ng-P4ss!word"), token());

        HttpResponse<String> again = target.post(
                site, "/api/resource/User", "application/json", userJson(email, "Jane", "Str0ng-P4ss!word"), token());

        assertThat(again.statusCode()).isEqualTo(409);
        JsonNode body = json(again);
        assertThat(body.get("exc_type").asText()).isEqualTo("DuplicateEntryError");
        assertThat(serverMessages(body))
                .anySatisfy(m ->
                        assertThat(m).isEqualTo("User <strong>" + email.toLowerCase() + "</strong> already exists"));
    }

    @Test
    void missingFirstNameBadEmailAndWeakPasswordAre417WithServerMessages() throws Exception {
        HttpResponse<String> noFirstName = target.post(
                site,
                "/api/resource/User",
                "application/json",
                userJson(uniqueEmail(), null, "Str0ng-P4ss!word"),
                token());
        HttpResponse<String> badEmail = target.post(
                site,
                "/api/resource/User",
                "application/json",
                userJson("not-an-email", "Jane", "Str0ng-P4ss!word"),
                token());
        HttpResponse<String> weak = target.post(
                site, "/api/resource/User", "application/json", userJson(uniqueEmail(), "Jane", "password"), token());

        for (HttpResponse<String> response : List.of(noFirstName, badEmail, weak)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(417);
            assertThat(serverMessages(json(response))).isNotEmpty();
        }
    }

    @Test
    void creatingAUserNeedsAuthentication() throws Exception {
        HttpResponse<String> guest = target.post(
                site,
                "/api/resource/User",
                "application/json",
                userJson(uniqueEmail(), "Jane", "Str0ng-P4ss!word"),
                Map.of());

        assertThat(guest.statusCode()).isEqualTo(403);
    }

    @Test
    void aLoggedInSessionCanCreateUsers() throws Exception {
        HttpResponse<String> login = target.post(
                site,
                "/api/method/login",
                "application/x-www-form-urlencoded",
                "usr=Administrator&pwd=" + BenchHostTarget.ADMIN_PASSWORD,
                Map.of());
        String sid = login.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("sid="))
                .findFirst()
                .orElseThrow()
                .split(";")[0];

        HttpResponse<String> created = target.post(
                site,
                "/api/resource/User",
                "application/json",
                userJson(uniqueEmail(), "Jane", "Str0ng-P4ss!word"),
                Map.of("Cookie", sid));

        assertThat(created.statusCode()).isEqualTo(200);
    }

    @Test
    void moreThanSixtyUsersInAnHourAreThrottled() throws Exception {
        String fresh = target.readySite(false);
        BenchResult keys = target.bench("bench --site " + fresh
                + " execute frappe.core.doctype.user.user.generate_keys --args \"['Administrator']\"");
        String secret = JSON.readTree(keys.out()).get("api_secret").asText();
        String key = JSON.readValue(
                target.bench("bench --site " + fresh
                                + " execute frappe.db.get_value --args \"['User','Administrator','api_key']\"")
                        .out(),
                String.class);
        Map<String, String> auth = Map.of("Authorization", "token " + key + ":" + secret);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> target.get(fresh, LOGGED_USER, auth).statusCode() == 200);

        HttpResponse<String> last = null;
        for (int i = 0; i < 62 && (last == null || last.statusCode() == 200); i++) {
            last = target.post(
                    fresh,
                    "/api/resource/User",
                    "application/json",
                    userJson(uniqueEmail(), "Jane", "Str0ng-P4ss!word"),
                    auth);
        }

        assertThat(last.statusCode()).isEqualTo(417);
        assertThat(serverMessages(json(last))).contains("Throttled");
    }

    @Test
    void setupWizardCompletesOverRest() throws Exception {
        String fresh = target.readySite(false);
        HttpResponse<String> login = target.post(
                fresh,
                "/api/method/login",
                "application/x-www-form-urlencoded",
                "usr=Administrator&pwd=" + BenchHostTarget.ADMIN_PASSWORD,
                Map.of());
        String sid = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];

        HttpResponse<String> incomplete = target.post(
                fresh,
                "/api/method/frappe.desk.page.setup_wizard.setup_wizard.setup_complete",
                "application/json",
                "{\"args\":{\"language\":\"English\"}}",
                Map.of("Cookie", sid));
        HttpResponse<String> done = target.post(
                fresh,
                "/api/method/frappe.desk.page.setup_wizard.setup_wizard.setup_complete",
                "application/json",
                "{\"args\":{\"language\":\"English\",\"country\":\"India\",\"timezone\":\"Asia/Kolkata\",\"currency\":\"INR\"}}",
                Map.of("Cookie", sid));

        assertThat(incomplete.statusCode()).isEqualTo(417);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).isEqualTo("{\"message\":{\"status\":\"ok\"}}");
    }

    @Test
    void anUnknownSiteIsAnHtml404() throws Exception {
        HttpResponse<String> response = target.get(BenchHostTarget.newSiteName(), LOGGED_USER, token());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(response.body()).contains("<title>404 Not Found</title>");
    }

    @Test
    void aNewSiteAnswersByNameWhileNewSiteStillRunsWithoutSetupNginx() throws Exception {
        String fresh = BenchHostTarget.newSiteName();
        String login = "usr=Administrator&pwd=" + BenchHostTarget.ADMIN_PASSWORD;
        CompletableFuture<BenchResult> creating = CompletableFuture.supplyAsync(() -> {
            try {
                return target.bench("bench new-site " + fresh + " --admin-password " + BenchHostTarget.ADMIN_PASSWORD
                        + " --install-app erpnext");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        // bench's port-80 server forwards any Host: the name answers (500, then 401) as soon as site_config.json
        // names its database, long before new-site ends and without setup nginx.
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        target.post(fresh, "/api/method/login", "application/x-www-form-urlencoded", login, Map.of())
                                        .statusCode()
                                != 404);
        boolean stillRunning = !creating.isDone();
        assertThat(creating.get().exit()).isZero();
        assertThat(stillRunning).as("the site answered before new-site ended").isTrue();
        assertThat(target.post(fresh, "/api/method/login", "application/x-www-form-urlencoded", login, Map.of())
                        .statusCode())
                .isEqualTo(200);
    }
}
