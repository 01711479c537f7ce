package io.benchline.simulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchline.simulator.SimulatedSiteState;
import io.benchline.simulator.SiteView;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that suspend, resume and archive a site (brief s4 §4): set-maintenance-mode, disable-/enable-scheduler,
 * backup --with-files --backup-path, sha256sum and stat of the files it printed, drop-site --archived-sites-path. The
 * formats are frappe/commands/scheduler.py, frappe/commands/site.py, frappe/utils/backups.py and GNU coreutils.
 */
class SiteLifecycleConformanceTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code print_summary}: {@code "{0:8}: {1:<longest path>} {2}"} with get_file_size(format=True). */
    private static final Pattern SUMMARY_ROW =
            Pattern.compile("(Config  |Database|Public  |Private ): (\\S+)( *) (\\d+\\.\\d(?:Ki|Mi|Gi|Ti)?B)");

    private static final Pattern SUMMARY_HEAD =
            Pattern.compile("Backup Summary for (\\S+) at \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{6}");

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

    @Test
    void maintenanceModeOnAnswers503ToEveryRequestAndOffServesTheSiteAgain() throws Exception {
        String site = target.readySite(false);
        BenchHostTarget.ApiKeys keys = target.administratorKeys(site);

        BenchResult on = target.bench("bench --site " + site + " set-maintenance-mode on");

        assertThat(on.exit()).as(on.toString()).isZero();
        assertThat(target.bench("cat sites/" + site + "/site_config.json").out())
                .contains("\"maintenance_mode\": 1");
        HttpResponse<String> api = target.get(site, "/api/method/frappe.auth.get_logged_user", keys.token());
        assertThat(api.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(api.body()).get("exc_type").asText()).isEqualTo("SessionStopped");
        HttpResponse<String> guest = target.get(site, "/api/method/frappe.auth.get_logged_user", Map.of());
        assertThat(guest.statusCode()).isEqualTo(503);
        HttpResponse<String> page = target.get(site, "/login", Map.of("Accept", "text/html"));
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.body()).contains("The system is being updated. Please refresh again after a few moments.");

        BenchResult off = target.bench("bench --site " + site + " set-maintenance-mode off");

        assertThat(off.exit()).as(off.toString()).isZero();
        assertThat(target.bench("cat sites/" + site + "/site_config.json").out())
                .contains("\"maintenance_mode\": 0");
        assertThat(target.get(site, "/api/method/frappe.auth.get_logged_user", keys.token())
                        .statusCode())
                .isEqualTo(200);
        if (target.embedded()) {
            assertThat(target.simulator().site(site).orElseThrow().maintenanceMode())
                    .isFalse();
        }
    }

    @Test
    void setMaintenanceModeOfAnUnknownSiteSaysItDoesNotExist() throws Exception {
        String site = BenchHostTarget.newSiteName();

        BenchResult result = target.bench("bench --site " + site + " set-maintenance-mode on");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out().lines()).contains("Site " + site + " does not exist!");
    }

    @Test
    void setMaintenanceModeTakesOnlyOnOrOff() throws Exception {
        String site = target.readySite(false);

        BenchResult result = target.bench("bench --site " + site + " set-maintenance-mode maybe");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("Invalid value for '{on|off}': 'maybe' is not one of 'on', 'off'.");
        BenchResult none = target.bench("bench --site " + site + " set-maintenance-mode");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("Error: Missing argument '{on|off}'. Choose from:\n\ton,\n\toff");
    }

    @Test
    void disableAndEnableSchedulerPrintTheSiteAndSetSystemSettings() throws Exception {
        String site = target.readySite(false);
        BenchHostTarget.ApiKeys keys = target.administratorKeys(site);

        BenchResult disabled = target.bench("bench --site " + site + " disable-scheduler");

        assertThat(disabled.exit()).as(disabled.toString()).isZero();
        assertThat(lastLine(disabled.out())).isEqualTo("Disabled for " + site);
        assertThat(enableScheduler(site, keys)).isZero();

        BenchResult enabled = target.bench("bench --site " + site + " enable-scheduler");

        assertThat(enabled.exit()).as(enabled.toString()).isZero();
        assertThat(lastLine(enabled.out())).isEqualTo("Enabled for " + site);
        assertThat(enableScheduler(site, keys)).isEqualTo(1);
        if (target.embedded()) {
            assertThat(target.simulator().site(site).orElseThrow().schedulerEnabled())
                    .isTrue();
        }
    }

    @Test
    void schedulerCommandsOfAnUnknownSiteSayItDoesNotExist() throws Exception {
        String site = BenchHostTarget.newSiteName();

        BenchResult disabled = target.bench("bench --site " + site + " disable-scheduler");
        BenchResult enabled = target.bench("bench --site " + site + " enable-scheduler");

        assertThat(disabled.exit()).isEqualTo(1);
        assertThat(disabled.out().lines()).contains("Site " + site + " does not exist!");
        assertThat(enabled.exit()).isEqualTo(1);
        assertThat(enabled.out().lines()).contains("Site " + site + " does not exist!");
    }

    @Test
    void backupWithFilesToABackupPathWritesFourFilesThereAndPrintsTheirSummary() throws Exception {
        String site = target.readySite(false);
        String folder = target.benchFolder() + "/archived/backups/" + site + "/" + UUID.randomUUID();

        BenchResult backup =
                target.bench("bench --site " + site + " backup --with-files --backup-path '" + folder + "'");

        assertThat(backup.exit()).as(backup.toString()).isZero();
        List<Row> rows = summary(backup.out(), site);
        String slug = site.replace('.', '_');
        assertThat(rows).extracting(Row::type).containsExactly("Config", "Database", "Public", "Private");
        assertThat(rows.get(0).path())
                .matches(Pattern.quote(folder + "/") + "\\d{8}_\\d{6}-" + slug + "-site_config_backup\\.json");
        assertThat(rows.get(1).path())
                .matches(Pattern.quote(folder + "/") + "\\d{8}_\\d{6}-" + slug + "-database\\.sql\\.gz");
        assertThat(rows.get(2).path()).matches(Pattern.quote(folder + "/") + "\\d{8}_\\d{6}-" + slug + "-files\\.tar");
        assertThat(rows.get(3).path())
                .matches(Pattern.quote(folder + "/") + "\\d{8}_\\d{6}-" + slug + "-private-files\\.tar");
        assertThat(lastLine(backup.out()))
                .isEqualTo("Backup for Site " + site + " has been successfully completed with files");

        String paths =
                String.join(" ", rows.stream().map(r -> "'" + r.path() + "'").toList());
        BenchResult sums = target.exec("cd " + target.benchFolder() + " && sha256sum -- " + paths, null);
        BenchResult sizes = target.exec("cd " + target.benchFolder() + " && stat -c '%s %n' -- " + paths, null);

        assertThat(sums.exit()).as(sums.toString()).isZero();
        assertThat(sizes.exit()).as(sizes.toString()).isZero();
        List<String> sumLines = sums.out().lines().toList();
        List<String> sizeLines = sizes.out().lines().toList();
        assertThat(sumLines).hasSize(4);
        assertThat(sizeLines).hasSize(4);
        for (int i = 0; i < 4; i++) {
            Row row = rows.get(i);
            assertThat(sumLines.get(i)).matches("[0-9a-f]{64}  " + Pattern.quote(row.path()));
            assertThat(sizeLines.get(i)).matches("\\d+ " + Pattern.quote(row.path()));
            long size = Long.parseLong(
                    sizeLines.get(i).substring(0, sizeLines.get(i).indexOf(' ')));
            assertThat(row.size()).isEqualTo(fileSize(size));
            if (row.type().endsWith("ublic") || row.type().equals("Private")) {
                assertThat(size % 512).as("a tar archive is whole blocks").isZero();
            }
            if (target.embedded()) {
                byte[] bytes = target.simulator().file(row.path()).orElseThrow();
                assertThat(bytes).hasSize((int) size);
                assertThat(sumLines.get(i)).startsWith(sha256(bytes));
            }
        }
        if (target.embedded()) {
            byte[] dump = target.simulator().file(rows.get(1).path()).orElseThrow();
            String sql = new String(
                    new GZIPInputStream(new ByteArrayInputStream(dump)).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(sql).startsWith("-- Backup generated by Frappe ").contains("-- Dump completed on ");
            assertThat(new String(target.simulator().file(rows.get(0).path()).orElseThrow(), StandardCharsets.UTF_8))
                    .contains("\"db_name\"");
            assertThat(target.simulator().files(folder))
                    .containsExactlyInAnyOrderElementsOf(
                            rows.stream().map(Row::path).toList());
        }
    }

    @Test
    void backupWithoutFilesGoesToTheSitesPrivateBackupsAndListsConfigAndDatabaseOnly() throws Exception {
        String site = target.readySite(false);

        BenchResult backup = target.bench("bench --site " + site + " backup");

        assertThat(backup.exit()).as(backup.toString()).isZero();
        List<Row> rows = summary(backup.out(), site);
        assertThat(rows).extracting(Row::type).containsExactly("Config", "Database");
        assertThat(rows).allSatisfy(r -> assertThat(r.path()).startsWith("./" + site + "/private/backups/"));
        assertThat(lastLine(backup.out())).isEqualTo("Backup for Site " + site + " has been successfully completed");
        // Relative to the sites folder, where Frappe's commands run.
        BenchResult sizes = target.exec(
                "cd " + target.benchFolder() + "/sites && stat -c '%s %n' -- '"
                        + rows.get(1).path() + "'",
                null);
        assertThat(sizes.exit()).as(sizes.toString()).isZero();
    }

    @Test
    void backupsOfTwoSitesInOneFolderHaveTheirOwnNamesAndBytes() throws Exception {
        String first = target.readySite(false);
        String second = target.readySite(false);
        String folder = target.benchFolder() + "/archived/backups/conformance-" + UUID.randomUUID();

        List<Row> a = summary(
                target.bench("bench --site " + first + " backup --with-files --backup-path '" + folder + "'")
                        .out(),
                first);
        List<Row> b = summary(
                target.bench("bench --site " + second + " backup --with-files --backup-path '" + folder + "'")
                        .out(),
                second);
        BenchResult sums = target.exec(
                "cd " + target.benchFolder() + " && sha256sum -- '" + a.get(1).path() + "' '"
                        + b.get(1).path() + "' '" + a.get(2).path() + "' '"
                        + b.get(2).path() + "'",
                null);

        assertThat(sums.exit()).as(sums.toString()).isZero();
        List<String> hashes = sums.out().lines().map(l -> l.substring(0, 64)).toList();
        assertThat(hashes.get(0)).isNotEqualTo(hashes.get(1));
        assertThat(hashes.get(2)).isNotEqualTo(hashes.get(3));
    }

    @Test
    void backupOfAnUnknownSiteFailsWithFrappesMessage() throws Exception {
        String site = BenchHostTarget.newSiteName();

        BenchResult backup = target.bench("bench --site " + site + " backup --with-files");

        assertThat(backup.exit()).isEqualTo(1);
        assertThat(backup.out().lines())
                .contains("Backup failed for Site " + site + ". Database or site_config.json may be corrupted");
    }

    @Test
    void sha256sumAndStatOfAMissingFileSayWhyAndExitOne() throws Exception {
        String missing = target.benchFolder() + "/archived/backups/none-" + UUID.randomUUID() + ".tar";

        BenchResult sums = target.exec(
                "cd " + target.benchFolder() + " && sha256sum -- sites/common_site_config.json '" + missing + "'",
                null);
        BenchResult sizes =
                target.exec("cd " + target.benchFolder() + " && stat -c '%s %n' -- '" + missing + "'", null);

        assertThat(sums.exit()).isEqualTo(1);
        assertThat(sums.out()).matches("[0-9a-f]{64}  sites/common_site_config\\.json\n");
        assertThat(sums.err()).isEqualTo("sha256sum: " + missing + ": No such file or directory\n");
        assertThat(sizes.exit()).isEqualTo(1);
        assertThat(sizes.out()).isEmpty();
        // coreutils 8.32 and later say statx; older ones stat.
        assertThat(sizes.err())
                .matches("stat: cannot statx? '" + Pattern.quote(missing) + "': No such file or directory\n");
    }

    @Test
    void dropSiteMovesTheFolderToTheArchivePathAndTheSiteAnswersAsUnknown() throws Exception {
        String site = target.readySite(false);
        String archive = target.benchFolder() + "/archived/conformance-" + UUID.randomUUID();

        BenchResult dropped = target.bench(
                "bench drop-site " + site + " --force --no-backup --archived-sites-path '" + archive + "'");

        assertThat(dropped.exit()).as(dropped.toString()).isZero();
        assertThat(dropped.out().lines())
                .containsSubsequence("Dropping site database and user", "Moving site to archive under " + archive);
        assertThat(target.exec("cd " + target.benchFolder() + " && test -e '" + archive + "/" + site + "'", null)
                        .exit())
                .isZero();
        assertThat(target.exec("cd " + target.benchFolder() + " && test ! -e 'sites/" + site + "'", null)
                        .exit())
                .isZero();
        HttpResponse<String> home = target.get(site, "/api/method/frappe.auth.get_logged_user", Map.of());
        assertThat(home.statusCode()).isEqualTo(404);
        assertThat(home.body()).contains("<title>404 Not Found</title>");
        BenchResult apps = target.bench("bench --site " + site + " list-apps");
        assertThat(apps.out().lines()).contains("Site " + site + " does not exist!");
        if (target.embedded()) {
            SiteView view = target.simulator().site(site).orElseThrow();
            assertThat(view.state()).isEqualTo(SimulatedSiteState.ARCHIVED);
            assertThat(view.archivedPath()).isEqualTo(archive + "/" + site);
            // werkzeug renders IncorrectSitePath's description.
            assertThat(home.body()).contains("<p>" + site + " does not exist</p>");
            assertThat(target.simulator().files(archive + "/" + site))
                    .contains(archive + "/" + site + "/site_config.json");
        }
    }

    @Test
    void aSecondDropOfTheSameNameIntoTheSameArchiveGetsACountedName() throws Exception {
        String site = target.readySite(false);
        String archive = target.benchFolder() + "/archived/conformance-" + UUID.randomUUID();
        String drop = "bench drop-site " + site + " --force --no-backup --archived-sites-path '" + archive + "'";
        assertThat(target.bench(drop).exit()).isZero();
        assertThat(target.bench("bench new-site " + site + " --admin-password " + BenchHostTarget.ADMIN_PASSWORD)
                        .exit())
                .isZero();

        BenchResult again = target.bench(drop);

        assertThat(again.exit()).as(again.toString()).isZero();
        // move(): new_path + str(count or ""), so <site>1 (no separator) when <site> is taken.
        assertThat(target.exec("cd " + target.benchFolder() + " && test -e '" + archive + "/" + site + "1'", null)
                        .exit())
                .isZero();
    }

    /** One row of {@code print_summary}. */
    record Row(String type, String path, String size) {}

    /** The summary rows after the heading; each row's size starts at the same column (paths padded). */
    private static List<Row> summary(String out, String site) {
        List<String> lines = out.lines().toList();
        int head = -1;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = SUMMARY_HEAD.matcher(lines.get(i));
            if (m.matches() && m.group(1).equals(site)) {
                head = i;
            }
        }
        assertThat(head)
                .as("a 'Backup Summary for %s at …' line in:%n%s", site, out)
                .isNotNegative();
        List<Row> rows = new ArrayList<>();
        int sizeColumn = -1;
        for (int i = head + 1; i < lines.size(); i++) {
            Matcher m = SUMMARY_ROW.matcher(lines.get(i));
            if (!m.matches()) {
                break;
            }
            int column = m.start(4);
            assertThat(sizeColumn < 0 || column == sizeColumn)
                    .as("sizes aligned in %s", lines)
                    .isTrue();
            sizeColumn = column;
            rows.add(new Row(m.group(1).strip(), m.group(2), m.group(4)));
        }
        int longest = rows.stream().mapToInt(r -> r.path().length()).max().orElse(0);
        assertThat(sizeColumn).isEqualTo("Database: ".length() + longest + 1);
        return rows;
    }

    /** frappe.utils.get_file_size(format=True): {@code f"{num:3.1f}{unit}B"}, Python's exact rounding. */
    private static String fileSize(long bytes) {
        double num = bytes;
        for (String unit : List.of("", "Ki", "Mi", "Gi", "Ti")) {
            if (num < 1024) {
                return new BigDecimal(num).setScale(1, RoundingMode.HALF_EVEN).toPlainString() + unit + "B";
            }
            num /= 1024;
        }
        throw new IllegalArgumentException("too big for a test backup: " + bytes);
    }

    private int enableScheduler(String site, BenchHostTarget.ApiKeys keys) throws Exception {
        HttpResponse<String> settings =
                target.get(site, "/api/resource/System%20Settings/System%20Settings", keys.token());
        assertThat(settings.statusCode()).as(settings.body()).isEqualTo(200);
        JsonNode data = JSON.readTree(settings.body()).get("data");
        return data.get("enable_scheduler").asInt();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String lastLine(String out) {
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
