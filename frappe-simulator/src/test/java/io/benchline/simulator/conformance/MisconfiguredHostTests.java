package io.benchline.simulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchline.simulator.FrappeSimulator;
import io.benchline.simulator.HostMisconfiguration;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each {@link HostMisconfiguration} behaves as frappe-facts.md "Host preconditions" says such a host does. */
class MisconfiguredHostTests {

    private static final String LOGGED_USER = "/api/method/frappe.auth.get_logged_user";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private BenchHostTarget target;

    @AfterEach
    void close() {
        if (target != null) {
            target.close();
        }
    }

    private BenchHostTarget start(UnaryOperator<FrappeSimulator.Builder> settings) throws Exception {
        target = BenchHostTarget.embedded(work, settings);
        return target;
    }

    private JsonNode commonSiteConfig() throws Exception {
        return JSON.readTree(target.exec("cd " + target.benchFolder() + " && cat sites/common_site_config.json", null)
                .out());
    }

    private Map<String, String> keysOf(String site) throws Exception {
        return target.administratorKeys(site).token();
    }

    @Test
    void withDnsMultitenantOffPort80ReachesTheFirstSiteWhateverTheHost() throws Exception {
        start(b -> b.misconfigure(HostMisconfiguration.DNS_MULTITENANT_OFF));
        String first = target.readySite(false);
        Map<String, String> firstKeys = keysOf(first);
        String second = target.readySite(false);
        Map<String, String> secondKeys = keysOf(second);

        HttpResponse<String> secondByName = target.get(second, LOGGED_USER, secondKeys);
        HttpResponse<String> firstKeyOnSecondName = target.get(second, LOGGED_USER, firstKeys);

        assertThat(commonSiteConfig().has("dns_multitenant")).isFalse();
        assertThat(secondByName.statusCode()).isEqualTo(401);
        assertThat(firstKeyOnSecondName.statusCode()).isEqualTo(200);
    }

    @Test
    void aGlobalAdminPasswordOverridesTheOneNewSiteWasGivenUntilSetAdminPassword() throws Exception {
        start(b -> b.misconfigure(HostMisconfiguration.GLOBAL_ADMIN_PASSWORD));
        String site = target.readySite(false);
        String global = commonSiteConfig().get("admin_password").asText();

        int withGiven = login(site, BenchHostTarget.ADMIN_PASSWORD);
        int withGlobal = login(site, global);
        target.bench("bench --site " + site + " set-admin-password 'Changed-Pass-1'");
        int afterChange = login(site, "Changed-Pass-1");

        assertThat(withGiven).isEqualTo(401);
        assertThat(withGlobal).isEqualTo(200);
        assertThat(afterChange).isEqualTo(200);
    }

    private int login(String site, String password) throws Exception {
        return target.post(
                        site,
                        "/api/method/login",
                        "application/json",
                        JSON.writeValueAsString(Map.of("usr", "Administrator", "pwd", password)),
                        Map.of())
                .statusCode();
    }

    @Test
    void withBenchNotOnThePathOnlyItsAbsolutePathWorks() throws Exception {
        start(b -> b.misconfigure(HostMisconfiguration.BENCH_NOT_ON_PATH));

        BenchResult plain = target.bench("bench --version");
        BenchResult absolute =
                target.exec("cd " + target.benchFolder() + " && /home/frappe/.local/bin/bench --version", null);
        BenchResult viaTimeout = target.bench("timeout 60 bench --version");

        assertThat(plain.exit()).isEqualTo(127);
        assertThat(plain.err()).isEqualTo("sh: 1: bench: not found\n");
        assertThat(absolute.exit()).isZero();
        assertThat(absolute.out()).isEqualTo("5.22.6\n");
        assertThat(viaTimeout.exit()).isEqualTo(127);
    }

    @Test
    void anEditableInstallWarnsFirstOnStdoutUnlessCiOrBenchDeveloperIsSet() throws Exception {
        start(b -> b.misconfigure(HostMisconfiguration.EDITABLE_INSTALL_WARNING));
        String site = target.readySite(false);

        BenchResult warned = target.bench("bench --site " + site + " execute frappe.get_installed_apps");
        BenchResult ci = target.bench("env CI=1 bench --site " + site + " execute frappe.get_installed_apps");
        BenchResult developer =
                target.bench("env BENCH_DEVELOPER=1 bench --site " + site + " execute frappe.get_installed_apps");

        assertThat(warned.out().lines().findFirst()).hasValue("WARN: bench is installed in editable mode!");
        assertThat(warned.out().strip()).endsWith("[\"frappe\"]");
        assertThat(ci.out()).isEqualTo("[\"frappe\"]\n");
        assertThat(developer.out()).isEqualTo("[\"frappe\"]\n");
    }

    @Test
    void benchsOwnCommandsStallOnPypiAfterTheirWorkUnlessAProxyIsSet() throws Exception {
        start(b -> b.perSiteTls(true).pypiStall(Duration.ofSeconds(60)).misconfigure(HostMisconfiguration.PYPI_STALL));
        String site = BenchHostTarget.newSiteName();
        target.bench("bench new-site " + site + " --admin-password " + BenchHostTarget.ADMIN_PASSWORD);

        BenchResult stalled = target.bench("timeout 1 bench setup nginx --yes");
        target.exec("cd " + target.benchFolder() + " && " + target.reloadCommand(), null);
        long started = System.nanoTime();
        BenchResult proxied = target.bench("env HTTPS_PROXY=http://127.0.0.1:9 timeout 30 bench setup nginx --yes");
        BenchResult frappeCommand = target.bench("timeout 5 bench --site " + site + " list-apps");
        long seconds = (System.nanoTime() - started) / 1_000_000_000;

        assertThat(stalled.exit()).isEqualTo(124);
        assertThat(target.simulator().site(site).orElseThrow().routed())
                .as("setup nginx did its work before it stalled")
                .isTrue();
        assertThat(proxied.exit()).isZero();
        assertThat(frappeCommand.exit()).isZero();
        assertThat(seconds).isLessThan(5);
    }

    @Test
    void withoutARootPasswordNewSitePromptsForItOnStdin() throws Exception {
        start(b -> b.misconfigure(HostMisconfiguration.NO_ROOT_PASSWORD));
        String site = BenchHostTarget.newSiteName();
        String newSite = "bench new-site " + site + " --admin-password " + BenchHostTarget.ADMIN_PASSWORD;

        BenchResult withoutAnswer = target.bench(newSite, "");
        BenchResult answered = target.bench(newSite.replace(site, BenchHostTarget.newSiteName()), "root-secret\n");

        assertThat(commonSiteConfig().has("root_password")).isFalse();
        assertThat(withoutAnswer.exit()).isEqualTo(1);
        assertThat(withoutAnswer.err()).contains("MySQL root password: ").contains("EOFError");
        assertThat(answered.exit()).isZero();
        assertThat(answered.err()).contains("MySQL root password: ");
    }

    @Test
    void withoutASudoRuleTheReloadFailsAndSudoListSaysSo() throws Exception {
        start(b -> b.misconfigure(HostMisconfiguration.NGINX_RELOAD_NOT_ALLOWED));

        BenchResult reload = target.exec(target.reloadCommand(), null);
        BenchResult list = target.exec("sudo -n -l service nginx reload", null);
        target.simulator().misconfigure(Set.of());
        BenchResult allowed = target.exec("sudo -n -l service nginx reload", null);

        assertThat(reload.exit()).isEqualTo(1);
        assertThat(reload.err()).contains("sudo: a password is required");
        assertThat(list.exit()).isEqualTo(1);
        assertThat(list.err()).isEqualTo("sudo: a password is required\n");
        assertThat(allowed.exit()).isZero();
        assertThat(allowed.out()).isEqualTo("/usr/sbin/service nginx reload\n");
    }

    @Test
    void modesAreSwitchedAtRunTimeThroughTheAdminEndpoint() throws Exception {
        start(b -> b);
        HttpResponse<String> set = misconfigure("{\"modes\":[\"BENCH_NOT_ON_PATH\",\"NO_ROOT_PASSWORD\"]}");
        BenchResult broken = target.bench("bench --version");
        HttpResponse<String> cleared = misconfigure("{\"modes\":[]}");
        BenchResult healthy = target.bench("bench --version");

        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(set.body()).get("modes").toString())
                .isEqualTo("[\"BENCH_NOT_ON_PATH\",\"NO_ROOT_PASSWORD\"]");
        assertThat(broken.exit()).isEqualTo(127);
        assertThat(cleared.statusCode()).isEqualTo(200);
        assertThat(healthy.exit()).isZero();
        assertThat(target.simulator().misconfigurations()).isEmpty();
        assertThat(commonSiteConfig().has("root_password")).isTrue();
    }

    @Test
    void anUnknownModeIsABadRequest() throws Exception {
        start(b -> b);

        HttpResponse<String> response = misconfigure("{\"modes\":[\"NO_SUCH_MODE\"]}");

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void versionsAreSettableAtRunTime() throws Exception {
        start(b -> b);
        target.simulator().appVersion("frappe", "15.60.0");
        target.http()
                .send(
                        HttpRequest.newBuilder(URI.create(target.httpUrl() + "/_simulator/versions"))
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"bench\":\"5.23.0\",\"apps\":{\"erpnext\":\"15.50.0\"}}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(target.bench("bench version").out()).isEqualTo("erpnext 15.50.0\nfrappe 15.60.0\n");
        assertThat(target.bench("bench --version").out()).isEqualTo("5.23.0\n");
    }

    private HttpResponse<String> misconfigure(String body) throws Exception {
        return target.http()
                .send(
                        HttpRequest.newBuilder(URI.create(target.httpUrl() + "/_simulator/misconfigure"))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
