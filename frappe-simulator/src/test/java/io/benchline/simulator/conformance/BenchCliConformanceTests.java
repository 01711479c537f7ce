package io.benchline.simulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.benchline.simulator.FailurePlan;
import io.benchline.simulator.SimulatedSiteState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per row of the "bench CLI" table of frappe-facts.md, and the half-built site and lock facts. */
class BenchCliConformanceTests {

    private static final String GENERATE_KEYS =
            "execute frappe.core.doctype.user.user.generate_keys --args \"['Administrator']\"";
    private static final String GET_API_KEY =
            "execute frappe.db.get_value --args \"['User','Administrator','api_key']\"";

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

    @AfterEach
    void clearFaults() {
        if (target.embedded()) {
            target.simulator().faults().clear();
        }
    }

    private static String newSite(String site) {
        return "bench new-site " + site + " --admin-password " + BenchHostTarget.ADMIN_PASSWORD;
    }

    @Test
    void listAppsAsJsonOfAFreshSiteIsAnEmptyListOnlyMigrateFillsIt() throws Exception {
        String site = BenchHostTarget.newSiteName();
        BenchResult created = target.bench(newSite(site) + " --install-app erpnext");
        assertThat(created.exit()).as(created.toString()).isZero();

        BenchResult apps = target.bench("bench --site " + site + " list-apps --format json");

        assertThat(apps.exit()).isZero();
        assertThat(apps.out().strip()).isEqualTo("{\n \"" + site + "\": []\n}");
    }

    @Test
    void getInstalledAppsIsTheWayToSeeWhatIsInstalled() throws Exception {
        String site = BenchHostTarget.newSiteName();
        target.bench(newSite(site) + " --install-app erpnext");

        BenchResult apps = target.bench("bench --site " + site + " execute frappe.get_installed_apps");

        assertThat(apps.exit()).isZero();
        assertThat(lastLine(apps.out())).isEqualTo("[\"frappe\", \"erpnext\"]");
    }

    @Test
    void newSiteOfAnExistingSiteSaysExactlyThatOnStdoutAndExitsOne() throws Exception {
        String site = target.readySite(false);

        BenchResult again = target.bench(newSite(site));

        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.out().lines()).contains("Site " + site + " already exists");
    }

    @Test
    void aLeftoverDatabaseWithoutItsFolderFailsNewSiteWithATraceback() throws Exception {
        assumeTrue(target.embedded(), "a leftover database needs the simulator's hook");
        String site = BenchHostTarget.newSiteName();
        target.simulator().leaveDatabaseWithoutSite(site);

        BenchResult created = target.bench(newSite(site));

        assertThat(created.exit()).isEqualTo(1);
        assertThat(created.out()).doesNotContain("Site " + site + " already exists");
        assertThat(lastLine(created.err())).matches("Exception: Database _[0-9a-f]{16} already exists");
    }

    @Test
    void newSiteWithoutAdminPasswordReadsBothPromptsFromStdinWithGetpassOnStderr() throws Exception {
        String site = BenchHostTarget.newSiteName();
        String password = "Std1n-" + BenchHostTarget.ADMIN_PASSWORD;

        BenchResult created = target.bench("bench new-site " + site, password + "\n" + password + "\n");

        assertThat(created.exit()).as(created.toString()).isZero();
        assertThat(created.err())
                .contains("GetPassWarning: Can not control echo on the terminal.")
                .contains("Set Administrator password: ")
                .contains("Re-enter Administrator password: ");
        if (target.embedded()) {
            assertThat(target.simulator().commands())
                    .allSatisfy(c -> assertThat(c.commandLine()).doesNotContain(password));
        }
    }

    @Test
    void mismatchedOrMissingPasswordsOnStdinFailNewSite() throws Exception {
        BenchResult mismatch =
                target.bench("bench new-site " + BenchHostTarget.newSiteName(), "0ne-Pass\nother-Pass\n");
        BenchResult none = target.bench("bench new-site " + BenchHostTarget.newSiteName(), "");

        assertThat(mismatch.exit()).isEqualTo(1);
        assertThat(mismatch.out()).contains("Passwords do not match");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("EOFError");
    }

    @Test
    void setAdminPasswordWithoutAnArgumentReadsOneLineFromStdin() throws Exception {
        String site = target.readySite(false);

        BenchResult result = target.bench("bench --site " + site + " set-admin-password", "N3w-Adm1n-pass\n");

        assertThat(result.exit()).isZero();
        assertThat(result.err()).contains("Administrator's password for " + site + ": ");
    }

    @Test
    void timeoutKillsALongCommandWith124AndNewSiteIsLeftHalfBuilt() throws Exception {
        String site = BenchHostTarget.newSiteName();

        // Long enough on a real host for Python to start and write the site folder, short of the whole run.
        String limit = target.embedded() ? "1" : "20";
        BenchResult killed = target.bench("timeout --kill-after=5s " + limit + " "
                + target.withExecutable(newSite(site)) + " --install-app erpnext");
        BenchResult again = target.bench(newSite(site));

        assertThat(killed.exit()).isEqualTo(124);
        assertThat(again.out().lines()).contains("Site " + site + " already exists");
        target.bench("bench drop-site " + site + " --force --no-backup");
    }

    @Test
    void timeoutPassesOnTheExitStatusOfACommandThatEndsInTime() throws Exception {
        BenchResult version = target.bench("timeout 30s " + target.withExecutable("bench --version"));
        BenchResult missing =
                target.bench("timeout 2m " + target.withExecutable("bench --site nope.localhost list-apps"));

        assertThat(version.exit()).isZero();
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.out()).contains("Site nope.localhost does not exist!");
    }

    @Test
    void envPassesVariablesToBenchAloneOrAroundTimeout() throws Exception {
        BenchResult plain = target.bench("env CI=1 BENCH_DEVELOPER=1 " + target.withExecutable("bench --version"));
        BenchResult envThenTimeout = target.bench("env CI=1 timeout 60 " + target.withExecutable("bench --version"));
        BenchResult timeoutThenEnv = target.bench("timeout 60 env CI=1 " + target.withExecutable("bench --version"));

        assertThat(List.of(plain, envThenTimeout, timeoutThenEnv))
                .allSatisfy(r -> assertThat(r.exit()).as(r.toString()).isZero());
        assertThat(lastLine(plain.out())).matches("\\d+\\.\\d+\\.\\d+");
    }

    @Test
    void benchVersionPrintsOneLinePerAppAndDashDashVersionBenchsOwn() throws Exception {
        BenchResult apps = target.bench("bench version");
        BenchResult own = target.bench("bench --version");

        assertThat(apps.exit()).isZero();
        assertThat(apps.out().lines().filter(l -> !l.startsWith("WARN") && !l.isBlank()))
                .anySatisfy(l -> assertThat(l).matches("frappe 15\\.\\d+\\.\\d+"));
        assertThat(own.exit()).isZero();
        assertThat(lastLine(own.out())).matches("5\\.\\d+\\.\\d+");
    }

    @Test
    void commonSiteConfigIsIndentedJsonWithDnsMultitenantOn() throws Exception {
        BenchResult config = target.exec("cd " + target.benchFolder() + " && cat sites/common_site_config.json", null);

        assertThat(config.exit()).isZero();
        assertThat(config.out()).startsWith("{\n \"").contains("\n \"dns_multitenant\": true");
    }

    @Test
    void benchByItsAbsolutePathWorks() throws Exception {
        assumeTrue(target.embedded() || target.benchExecutable().startsWith("/"), "needs bench's absolute path");
        String bench = target.embedded() ? target.simulator().benchExecutable() : target.benchExecutable();

        BenchResult version = target.exec("cd " + target.benchFolder() + " && " + bench + " --version", null);

        assertThat(version.exit()).isZero();
    }

    @Test
    void setupNginxHasNoShortYesFlag() throws Exception {
        BenchResult shortFlag = target.bench("bench setup nginx -y");

        assertThat(shortFlag.exit()).isEqualTo(2);
        assertThat(shortFlag.err()).contains("No such option: -y");
    }

    @Test
    void aCommandWhoseClientWentAwayRunsToItsEndOnTheHost() throws Exception {
        assumeTrue(target.embedded(), "SiteView shows the end of a command nobody waits for");
        String site = BenchHostTarget.newSiteName();

        BenchResult gaveUp = target.exec(
                "cd " + target.benchFolder() + " && " + newSite(site) + " --install-app erpnext",
                null,
                Duration.ofMillis(300));

        assertThat(gaveUp.exit()).isNull();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> target.simulator().site(site).orElseThrow().state() == SimulatedSiteState.READY);
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    @Test
    void listAppsOfAMissingSiteSaysItDoesNotExist() throws Exception {
        String site = BenchHostTarget.newSiteName();

        BenchResult apps = target.bench("bench --site " + site + " list-apps --format json");

        assertThat(apps.exit()).isEqualTo(1);
        assertThat(apps.out() + apps.err()).contains("Site " + site + " does not exist!");
    }

    @Test
    void siteOptionAfterTheSubcommandIsAClickUsageError() throws Exception {
        BenchResult result = target.bench("bench list-apps --site " + BenchHostTarget.newSiteName());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("Usage:").contains("Error: No such option: --site");
    }

    @Test
    void unknownSubcommandIsAClickUsageError() throws Exception {
        BenchResult result = target.bench("bench --site x.localhost no-such-command");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("Usage:").contains("No such command");
    }

    @Test
    void benchOutsideTheBenchFolderKnowsNoFrappeCommands() throws Exception {
        BenchResult newSite =
                target.exec("cd / && " + target.withExecutable(newSite(BenchHostTarget.newSiteName())), null);
        BenchResult siteOption =
                target.exec("cd / && " + target.withExecutable("bench --site x.localhost list-apps"), null);

        assertThat(newSite.out()).contains("Command not being executed in bench directory");
        assertThat(newSite.exit()).isEqualTo(2);
        assertThat(siteOption.exit()).isEqualTo(2);
        assertThat(siteOption.err()).contains("No such option: --site");
    }

    @Test
    void installingAnInstalledAppSaysSoAndSucceeds() throws Exception {
        String site = BenchHostTarget.newSiteName();
        target.bench(newSite(site) + " --install-app erpnext");

        BenchResult again = target.bench("bench --site " + site + " install-app erpnext");

        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("App erpnext already installed");
    }

    @Test
    void installAppAddsTheAppToTheSite() throws Exception {
        String site = target.readySite(false);

        BenchResult installed = target.bench("bench --site " + site + " install-app erpnext");
        BenchResult apps = target.bench("bench --site " + site + " list-apps --format json");

        assertThat(installed.exit()).isZero();
        assertThat(apps.out()).doesNotContain("erpnext"); // list-apps reads a table only migrate fills
        BenchResult migrated = target.bench("bench --site " + site + " migrate");
        BenchResult afterMigrate = target.bench("bench --site " + site + " list-apps --format json");
        assertThat(migrated.exit()).isZero();
        assertThat(afterMigrate.out()).contains("\"erpnext\"");
    }

    @Test
    void generateKeysPrintsOnlyANewSecretOnEveryCallAndKeepsTheKey() throws Exception {
        String site = target.readySite(false);

        BenchResult first = target.bench("bench --site " + site + " " + GENERATE_KEYS);
        BenchResult key1 = target.bench("bench --site " + site + " " + GET_API_KEY);
        BenchResult second = target.bench("bench --site " + site + " " + GENERATE_KEYS);
        BenchResult key2 = target.bench("bench --site " + site + " " + GET_API_KEY);

        assertThat(first.exit()).isZero();
        assertThat(first.out().strip()).matches("\\{\"api_secret\": \"[0-9a-f]{15}\"}");
        assertThat(second.out().strip()).matches("\\{\"api_secret\": \"[0-9a-f]{15}\"}");
        assertThat(second.out()).isNotEqualTo(first.out()).doesNotContain("api_key");
        assertThat(key1.out().strip()).matches("\"[0-9a-f]{15}\"");
        assertThat(key2.out()).isEqualTo(key1.out());
    }

    @Test
    void getValueOfAnEmptyApiKeyPrintsNothing() throws Exception {
        String site = target.readySite(false);

        BenchResult key = target.bench("bench --site " + site + " " + GET_API_KEY);

        assertThat(key.exit()).isZero();
        assertThat(key.out()).isEmpty();
    }

    @Test
    void executeAcceptsOnlyADottedCallable() throws Exception {
        String site = target.readySite(false);

        BenchResult multiLine = target.bench("bench --site " + site + " execute 'import os\nos.getcwd()'");
        BenchResult notDotted = target.bench("bench --site " + site + " execute 'print(1)'");

        assertThat(multiLine.exit()).isEqualTo(1);
        assertThat(multiLine.err()).contains("SyntaxError");
        assertThat(notDotted.exit()).isEqualTo(1);
        assertThat(notDotted.err()).contains("Traceback");
    }

    @Test
    void setupWizardCompletesThroughExecute() throws Exception {
        String site = target.readySite(false);

        BenchResult done = target.bench("bench --site " + site
                + " execute frappe.desk.page.setup_wizard.setup_wizard.setup_complete --kwargs"
                + " \"{'args': {'language': 'English', 'country': 'India', 'timezone': 'Asia/Kolkata',"
                + " 'currency': 'INR'}}\"");

        assertThat(done.exit()).as(done.toString()).isZero();
        assertThat(done.out().strip()).isEqualTo("{\"status\": \"ok\"}");
    }

    @Test
    void setConfigParsesPythonLiteralsWithP() throws Exception {
        String site = target.readySite(false);

        BenchResult parsed = target.bench("bench --site " + site + " set-config throttle_user_limit 100 -p");
        BenchResult global = target.bench("bench set-config -g demo_key demo_value");

        assertThat(parsed.exit()).isZero();
        assertThat(global.exit()).isZero();
    }

    @Test
    void setAdminPasswordSucceeds() throws Exception {
        String site = target.readySite(false);

        BenchResult result = target.bench("bench --site " + site + " set-admin-password 'N3w-Adm1n pass'");

        assertThat(result.exit()).isZero();
    }

    @Test
    void addSystemManagerCreatesTheUserAndRefusesADuplicate() throws Exception {
        String site = target.readySite(false);
        String add = "bench --site " + site
                + " add-system-manager Owner@Example.com --first-name Ada --last-name Lovelace --password 'Str0ng-Pass!'";

        BenchResult first = target.bench(add);
        BenchResult second = target.bench(add);

        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(second.exit()).isEqualTo(1);
        assertThat(second.err()).contains("DuplicateEntryError");
    }

    @Test
    void dropSiteArchivesTheSiteAndFreesItsName() throws Exception {
        String site = target.readySite(false);

        BenchResult dropped = target.bench("bench drop-site " + site + " --force --no-backup");
        BenchResult apps = target.bench("bench --site " + site + " list-apps --format json");
        BenchResult again = target.bench(newSite(site));

        assertThat(dropped.exit()).isZero();
        assertThat(apps.exit()).isEqualTo(1);
        assertThat(again.exit()).isZero();
    }

    @Test
    void dropSiteOfAnUnknownSiteIsATraceback() throws Exception {
        BenchResult dropped = target.bench("bench drop-site " + BenchHostTarget.newSiteName() + " --force --no-backup");

        assertThat(dropped.exit()).isEqualTo(1);
        assertThat(dropped.err()).contains("Traceback (most recent call last)");
    }

    @Test
    void aSecondNewSiteOfTheSameSiteFailsWhileTheFirstRuns() throws Exception {
        String site = BenchHostTarget.newSiteName();
        CompletableFuture<BenchResult> first =
                CompletableFuture.supplyAsync(() -> uncheckedBench(newSite(site) + " --install-app erpnext"));
        // The folder exists from the start: list-apps stops saying "does not exist" long before the site is ready.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !target.bench("bench --site " + site + " list-apps")
                        .out()
                        .contains("does not exist"));

        BenchResult forced = target.bench(newSite(site) + " --force");
        BenchResult second = target.bench(newSite(site));

        assertThat(second.exit()).isEqualTo(1);
        assertThat(forced.exit()).isEqualTo(1);
        assertThat(forced.err()).contains("LockTimeoutError");
        assertThat(first.get().exit()).isZero();
    }

    @Test
    void aNewSiteThatFailsMidwayLeavesAHalfBuiltSiteOnlyDropSiteClears() throws Exception {
        assumeTrue(target.embedded(), "needs fault injection");
        String site = BenchHostTarget.newSiteName();
        target.simulator().faults().failCommand("new-site", FailurePlan.onCall(1));

        BenchResult failed = target.bench(newSite(site) + " --install-app erpnext");
        BenchResult retried = target.bench(newSite(site) + " --install-app erpnext");

        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.err()).contains("Traceback");
        assertThat(retried.exit()).isEqualTo(1);
        assertThat(retried.out()).contains("already exists");
        assertThat(target.simulator().site(site).orElseThrow().state()).isEqualTo(SimulatedSiteState.BROKEN);

        assertThat(target.bench("bench drop-site " + site + " --force --no-backup")
                        .exit())
                .isZero();
        assertThat(target.bench(newSite(site)).exit()).isZero();
        assertThat(target.simulator().site(site).orElseThrow().state()).isEqualTo(SimulatedSiteState.READY);
    }

    @Test
    void aConnectionDroppedDuringNewSiteLeavesAHalfBuiltSite() throws Exception {
        assumeTrue(target.embedded(), "needs fault injection");
        String site = BenchHostTarget.newSiteName();
        target.simulator().faults().dropConnection("new-site", FailurePlan.always());

        BenchResult dropped = target.bench(newSite(site));

        assertThat(dropped.exit()).isNull();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> target.simulator().site(site).orElseThrow().state() == SimulatedSiteState.BROKEN);
    }

    @Test
    void theSiteFolderExistsWhileNewSiteRuns() throws Exception {
        assumeTrue(target.embedded(), "SiteView is the simulator's window on the folder");
        String site = BenchHostTarget.newSiteName();

        CompletableFuture<BenchResult> creating =
                CompletableFuture.supplyAsync(() -> uncheckedBench(newSite(site) + " --install-app erpnext"));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> target.simulator().site(site).isPresent());
        assertThat(target.simulator().site(site).orElseThrow().state()).isEqualTo(SimulatedSiteState.CREATING);
        assertThat(creating.get().exit()).isZero();
        assertThat(target.simulator().site(site).orElseThrow().state()).isEqualTo(SimulatedSiteState.READY);
    }

    private static BenchResult uncheckedBench(String line) {
        try {
            return target.bench(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
