package io.benchline.simulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a standby's claim does over REST with the standby's own key (contracts decision 2): {@code generate_keys}
 * rotates the secret, {@code PUT /api/resource/User/Administrator} with {@code new_password} replaces the password.
 * Each test gets its own site, so a rotated secret never leaks into another test.
 */
class SiteAccountsConformanceTests {

    private static final String LOGGED_USER = "/api/method/frappe.auth.get_logged_user";
    private static final String GENERATE_KEYS = "/api/method/frappe.core.doctype.user.user.generate_keys";
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

    /** A routed site with Administrator's key made over SSH, as the standby build does. */
    private record KeyedSite(String name, BenchHostTarget.ApiKeys keys) {
        Map<String, String> token() {
            return keys.token();
        }

        Map<String, String> token(String secret) {
            return keys.token(secret);
        }

        String apiKey() {
            return keys.apiKey();
        }

        String apiSecret() {
            return keys.apiSecret();
        }
    }

    private static KeyedSite keyedSite() throws Exception {
        String site = target.readySite(false);
        return new KeyedSite(site, target.administratorKeys(site));
    }

    private static HttpResponse<String> login(String site, String password) throws Exception {
        return target.post(
                site,
                "/api/method/login",
                "application/json",
                JSON.writeValueAsString(Map.of("usr", "Administrator", "pwd", password)),
                Map.of());
    }

    @Test
    void generateKeysOverRestAnswersANewSecretAndTheOldOneStopsWorking() throws Exception {
        KeyedSite site = keyedSite();

        HttpResponse<String> rotated = target.post(
                site.name(), GENERATE_KEYS, "application/json", "{\"user\":\"Administrator\"}", site.token());

        assertThat(rotated.statusCode()).isEqualTo(200);
        JsonNode message = JSON.readTree(rotated.body()).get("message");
        assertThat(message.size()).isEqualTo(1);
        String secret = message.get("api_secret").asText();
        assertThat(secret).matches("[0-9a-f]{15}").isNotEqualTo(site.apiSecret());
        assertThat(target.get(site.name(), LOGGED_USER, site.token()).statusCode())
                .isEqualTo(401);
        HttpResponse<String> withNew = target.get(site.name(), LOGGED_USER, site.token(secret));
        assertThat(withNew.statusCode()).isEqualTo(200);
        assertThat(withNew.body()).isEqualTo("{\"message\":\"Administrator\"}");
    }

    @Test
    void generateKeysTakesAFormBodyAndKeepsTheApiKey() throws Exception {
        KeyedSite site = keyedSite();

        HttpResponse<String> rotated = target.post(
                site.name(), GENERATE_KEYS, "application/x-www-form-urlencoded", "user=Administrator", site.token());

        assertThat(rotated.statusCode()).isEqualTo(200);
        String secret =
                JSON.readTree(rotated.body()).get("message").get("api_secret").asText();
        String key = JSON.readValue(
                target.bench("bench --site " + site.name()
                                + " execute frappe.db.get_value --args \"['User','Administrator','api_key']\"")
                        .out(),
                String.class);
        assertThat(key).isEqualTo(site.apiKey());
        assertThat(target.get(site.name(), LOGGED_USER, site.token(secret)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void generateKeysIsPostOnlyAndAGetRotatesNothing() throws Exception {
        KeyedSite site = keyedSite();

        HttpResponse<String> get = target.get(site.name(), GENERATE_KEYS + "?user=Administrator", site.token());

        assertThat(get.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(get.body()).get("exc_type").asText()).isEqualTo("PermissionError");
        assertThat(target.get(site.name(), LOGGED_USER, site.token()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void generateKeysIsForSystemManagersOnly() throws Exception {
        KeyedSite site = keyedSite();
        String email = "plain." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String password = "Str0ng-P4ss!word";
        HttpResponse<String> created = target.post(
                site.name(),
                "/api/resource/User",
                "application/json",
                "{\"email\":\"" + email + "\",\"first_name\":\"Plain\",\"new_password\":\"" + password
                        + "\",\"send_welcome_email\":0,\"roles\":[{\"role\":\"Blogger\"}]}",
                site.token());
        assertThat(created.statusCode()).isEqualTo(200);
        HttpResponse<String> session = target.post(
                site.name(),
                "/api/method/login",
                "application/json",
                JSON.writeValueAsString(Map.of("usr", email, "pwd", password)),
                Map.of());
        String sid = session.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("sid="))
                .findFirst()
                .orElseThrow()
                .split(";")[0];

        HttpResponse<String> guest =
                target.post(site.name(), GENERATE_KEYS, "application/json", "{\"user\":\"Administrator\"}", Map.of());
        HttpResponse<String> notManager = target.post(
                site.name(), GENERATE_KEYS, "application/json", "{\"user\":\"Administrator\"}", Map.of("Cookie", sid));

        for (HttpResponse<String> refused : java.util.List.of(guest, notManager)) {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(refused.body()).get("exc_type").asText()).isEqualTo("PermissionError");
        }
        assertThat(target.get(site.name(), LOGGED_USER, site.token()).statusCode())
                .as("a refused call rotates nothing")
                .isEqualTo(200);
    }

    @Test
    void aNewAdministratorPasswordOverRestReplacesTheOldOne() throws Exception {
        KeyedSite site = keyedSite();
        String fresh = "Fr3sh-" + UUID.randomUUID();

        HttpResponse<String> changed = target.put(
                site.name(),
                "/api/resource/User/Administrator",
                "application/json",
                JSON.writeValueAsString(Map.of("new_password", fresh)),
                site.token());

        assertThat(changed.statusCode()).isEqualTo(200);
        JsonNode data = JSON.readTree(changed.body()).get("data");
        assertThat(data.get("name").asText()).isEqualTo("Administrator");
        assertThat(data.get("new_password").asText()).isEmpty();
        assertThat(changed.body()).doesNotContain(fresh);
        assertThat(login(site.name(), BenchHostTarget.ADMIN_PASSWORD).statusCode())
                .isEqualTo(401);
        assertThat(login(site.name(), fresh).statusCode()).isEqualTo(200);
        assertThat(target.get(site.name(), LOGGED_USER, site.token()).statusCode())
                .as("the key still works")
                .isEqualTo(200);
    }

    @Test
    void aWeakNewPasswordIs417AndTheOldOneStays() throws Exception {
        KeyedSite site = keyedSite();

        HttpResponse<String> weak = target.put(
                site.name(),
                "/api/resource/User/Administrator",
                "application/json",
                "{\"new_password\":\"password\"}",
                site.token());

        assertThat(weak.statusCode()).isEqualTo(417);
        assertThat(login(site.name(), BenchHostTarget.ADMIN_PASSWORD).statusCode())
                .isEqualTo(200);
    }

    @Test
    void changingAdministratorsPasswordNeedsAuthentication() throws Exception {
        KeyedSite site = keyedSite();

        HttpResponse<String> guest = target.put(
                site.name(),
                "/api/resource/User/Administrator",
                "application/json",
                "{\"new_password\":\"Fr3sh-" + UUID.randomUUID() + "\"}",
                Map.of());

        assertThat(guest.statusCode()).isEqualTo(403);
        assertThat(login(site.name(), BenchHostTarget.ADMIN_PASSWORD).statusCode())
                .isEqualTo(200);
    }
}
