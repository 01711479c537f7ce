package io.benchline.simulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.benchline.simulator.FailurePlan;
import io.benchline.simulator.FrappeSimulator;
import io.benchline.simulator.RecordedCommand;
import io.benchline.simulator.SimulatedSiteState;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the simulator offers: fault injection, the command and request records, and its settings. */
class SimulatorFaultsAndRecordsTests {

    private static final String LOGGED_USER = "/api/method/frappe.auth.get_logged_user";

    @TempDir
    Path work;

    private BenchHostTarget target;

    @AfterEach
    void close() {
        if (target != null) {
            target.close();
        }
    }

    private BenchHostTarget start(java.util.function.UnaryOperator<FrappeSimulator.Builder> settings) throws Exception {
        target = BenchHostTarget.embedded(work, settings);
        return target;
    }

    @Test
    void injectedShellSyntaxIsRecordedButNothingRuns() throws Exception {
        start(b -> b);
        String site = BenchHostTarget.newSiteName();

        BenchResult result = target.bench("bench new-site " + site + " --admin-password x; bench drop-site other");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("nothing was executed");
        assertThat(target.simulator().site(site)).isEmpty();
        RecordedCommand recorded = target.simulator().commands().get(0);
        assertThat(recorded.commandLine()).contains("; bench drop-site other");
        assertThat(recorded.exitCode()).isEqualTo(2);
    }

    @Test
    void anUnknownProgramIsNotFoundWithExit127() throws Exception {
        start(b -> b);

        BenchResult result = target.exec("rm -rf /", null);

        assertThat(result.exit()).isEqualTo(127);
        assertThat(result.err()).contains("sh: 1: rm: not found");
    }

    @Test
    void aHungCommandNeverExitsAndIsRecordedWithoutStatus() throws Exception {
        start(b -> b);
        String site = target.readySite(false);
        target.simulator().faults().hangCommand("list-apps", FailurePlan.always());

        BenchResult hung = target.exec(
                "cd " + target.benchFolder() + " && bench --site " + site + " list-apps", null, Duration.ofSeconds(1));

        assertThat(hung.exit()).isNull();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(target.simulator().commands())
                        .last()
                        .extracting(RecordedCommand::exitCode)
                        .isEqualTo(-1));
    }

    @Test
    void aDroppedGenerateKeysHasRotatedTheSecretAlready() throws Exception {
        start(b -> b);
        String site = target.readySite(false);
        target.simulator()
                .faults()
                .dropConnection("execute frappe.core.doctype.user.user.generate_keys", FailurePlan.onCall(1));

        BenchResult dropped = target.bench("bench --site " + site
                + " execute frappe.core.doctype.user.user.generate_keys --args \"['Administrator']\"");

        assertThat(dropped.exit()).isNull();
        assertThat(dropped.out()).isEmpty();
        assertThat(target.simulator().site(site).orElseThrow().apiKey()).hasSize(15);
    }

    @Test
    void restFaultsAnswer5xxLateOrNever() throws Exception {
        start(b -> b);
        String site = target.readySite(false);
        target.simulator().faults().failRequests("/api/method/login", 502, FailurePlan.onCall(1));
        target.simulator().faults().hangRequests(LOGGED_USER, FailurePlan.always());

        HttpResponse<String> failed = target.post(site, "/api/method/login", "application/json", "{}", Map.of());
        HttpResponse<String> next = target.post(site, "/api/method/login", "application/json", "{}", Map.of());
        HttpRequest held = HttpRequest.newBuilder(URI.create(target.httpUrl() + LOGGED_USER))
                .header("Host", site)
                .timeout(Duration.ofMillis(500))
                .build();

        assertThat(failed.statusCode()).isEqualTo(502);
        assertThat(failed.body()).contains("nginx");
        assertThat(next.statusCode()).isEqualTo(401);
        assertThatThrownBy(() -> target.http().send(held, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void withTracebacksOffAnAuthenticationErrorIsOnlyItsType() throws Exception {
        start(b -> b.tracebacks(false));
        String site = target.readySite(false);

        HttpResponse<String> response = target.get(site, LOGGED_USER, Map.of("Authorization", "token a:b"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"exc_type\":\"AuthenticationError\"}");
    }

    @Test
    void withPerSiteTlsANameAnswersOnlyAfterSetupNginxAReloadAndTheRoutingDelay() throws Exception {
        start(b -> b.perSiteTls(true));
        String fresh = BenchHostTarget.newSiteName();
        target.bench("bench new-site " + fresh + " --admin-password " + BenchHostTarget.ADMIN_PASSWORD);

        int beforeNginx = target.get(fresh, LOGGED_USER, Map.of()).statusCode();
        target.bench("bench setup nginx --yes");
        int beforeReload = target.get(fresh, LOGGED_USER, Map.of()).statusCode();
        target.exec("cd " + target.benchFolder() + " && " + target.reloadCommand(), null);

        assertThat(beforeNginx).isEqualTo(404);
        assertThat(beforeReload).isEqualTo(404);
        assertThat(target.get(fresh, LOGGED_USER, Map.of()).statusCode()).isEqualTo(403);
    }

    @Test
    void aRoutedSiteAnswersOnlyAfterTheRoutingDelay() throws Exception {
        start(b -> b.perSiteTls(true).routingDelay(Duration.ofSeconds(1)));
        String site = target.readySite(false);

        int right = target.get(site, LOGGED_USER, Map.of()).statusCode();

        assertThat(right).isEqualTo(404);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> target.get(site, LOGGED_USER, Map.of()).statusCode() == 403);
        assertThat(target.simulator().site(site).orElseThrow().routed()).isTrue();
    }

    @Test
    void publishingAnotherSiteDoesNotUnrouteSitesAlreadyServed() throws Exception {
        start(b -> b.perSiteTls(true).routingDelay(Duration.ofSeconds(3)));
        String first = target.readySite(false);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> target.get(first, LOGGED_USER, Map.of()).statusCode() == 403);

        String second = target.readySite(false); // its own setup nginx + reload

        assertThat(target.get(first, LOGGED_USER, Map.of()).statusCode())
                .as("a reload delays new names only")
                .isEqualTo(403);
        assertThat(target.get(second, LOGGED_USER, Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void theRequestRecordHoldsNoSecrets() throws Exception {
        start(b -> b);
        String site = target.readySite(false);
        target.post(
                site,
                "/api/method/login?pwd=" + BenchHostTarget.ADMIN_PASSWORD,
                "application/x-www-form-urlencoded",
                "usr=Administrator&pwd=" + BenchHostTarget.ADMIN_PASSWORD,
                Map.of("Authorization", "token k:s3cr3t"));

        assertThat(target.simulator().requests()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/api/method/login");
            assertThat(r.site()).isEqualTo(site);
            assertThat(r.toString())
                    .doesNotContain(BenchHostTarget.ADMIN_PASSWORD)
                    .doesNotContain("s3cr3t");
        });
    }

    @Test
    void faultsCanBeSwitchedOnOverTheAdminEndpoint() throws Exception {
        start(b -> b);
        HttpRequest add = HttpRequest.newBuilder(URI.create(target.httpUrl() + "/_simulator/faults"))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"action\":\"failCommand\",\"target\":\"new-site\",\"plan\":{\"onCall\":1}}"))
                .build();

        HttpResponse<String> added = target.http().send(add, HttpResponse.BodyHandlers.ofString());
        String site = BenchHostTarget.newSiteName();
        BenchResult failed = target.bench("bench new-site " + site + " --admin-password x");
        HttpResponse<String> commands = target.http()
                .send(
                        HttpRequest.newBuilder(URI.create(target.httpUrl() + "/_simulator/commands"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(target.simulator().site(site).orElseThrow().state()).isEqualTo(SimulatedSiteState.BROKEN);
        assertThat(commands.body()).contains("new-site " + site);
    }

    @Test
    void erpnextIsListedBeforeNewSiteEndsSoAKilledRunStillListsIt() throws Exception {
        // erpnext is recorded 0.2 + 2.4 + 1.2 = 3.8 s in; its after_install hooks end the run at 6.2 s.
        start(b -> b.installAppDuration(Duration.ofSeconds(6)));
        String site = BenchHostTarget.newSiteName();

        BenchResult killed = target.bench("timeout 5 bench new-site " + site + " --admin-password "
                + BenchHostTarget.ADMIN_PASSWORD + " --install-app erpnext");
        BenchResult apps = target.bench("bench --site " + site + " execute frappe.get_installed_apps");

        assertThat(killed.exit()).isEqualTo(124);
        assertThat(apps.out()).isEqualTo("[\"frappe\", \"erpnext\"]\n");
        assertThat(target.simulator().site(site).orElseThrow().state()).isEqualTo(SimulatedSiteState.BROKEN);
    }

    @Test
    void gunicornReachedDirectlyHonoursTheSiteNameHeader() throws Exception {
        start(b -> b);
        String site = target.readySite(false);
        HttpRequest direct = HttpRequest.newBuilder(
                        URI.create(target.simulator().gunicornBaseUrl() + LOGGED_USER))
                .header("X-Frappe-Site-Name", site)
                .build();

        HttpResponse<String> response = target.http().send(direct, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403); // reached the site as Guest
    }

    @Test
    void everyCommandPaysItsStartUpCostScaledByTheTimeScale() throws Exception {
        start(b -> b.timeScale(0.1).frappeInvocationCost(Duration.ofSeconds(3)).benchInvocationCost(Duration.ZERO));

        long started = System.nanoTime();
        BenchResult frappe = target.bench("bench --site nope.localhost list-apps");
        long frappeMillis = (System.nanoTime() - started) / 1_000_000;
        started = System.nanoTime();
        target.bench("bench --version");
        long benchMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(frappe.exit()).isEqualTo(1);
        assertThat(frappeMillis).isGreaterThanOrEqualTo(300);
        assertThat(benchMillis).isLessThan(300);
    }

    @Test
    void withTheLoginFolderInTheBenchBenchWorksWithoutCd() throws Exception {
        start(b -> b.loginFolderIsBench(true));

        BenchResult result = target.exec("bench --site nope.localhost list-apps", null);

        assertThat(result.out()).contains("Site nope.localhost does not exist!");
    }
}
