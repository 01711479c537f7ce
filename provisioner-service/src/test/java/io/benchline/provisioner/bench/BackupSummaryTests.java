package io.benchline.provisioner.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchline.simulator.fixture.SimulatedBenchHost;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What {@code bench backup --with-files} prints (frappe's {@code print_summary}: titles padded to "database", paths
 * padded to the longest) is read into the files of the backup, and only files in the operation's own folder are
 * accepted; the command lines that name those files are the contract's, and refuse anything else.
 */
class BackupSummaryTests {

    private static final UUID OPERATION = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
    private static final SiteName SITE = new SiteName("acme.localhost");
    private static final BackupLocation LOCATION =
            BackupLocation.of(SimulatedBenchHost.BENCH_FOLDER + "/archived/backups", SITE, OPERATION);
    private static final String DIR = LOCATION.folder();

    @Test
    void readsTheFourFilesOfTheSummaryAfterWhatBenchPrintsBeforeIt() {
        String printed = "WARN: bench is installed in editable mode!\n"
                + "Backup Summary for acme.localhost at 2026-11-28 09:00:00.123456\n"
                + "Config  : " + DIR + "/20261128_090000-acme_localhost-site_config_backup.json 213.0B\n"
                + "Database: " + DIR + "/20261128_090000-acme_localhost-database.sql.gz          1.2MiB\n"
                + "Public  : " + DIR + "/20261128_090000-acme_localhost-files.tar                10.0KiB\n"
                + "Private : " + DIR + "/20261128_090000-acme_localhost-private-files.tar        10.0KiB\n"
                + "Backup for Site acme.localhost has been successfully completed with files\n";

        BackupSummary summary = BackupSummary.parse(printed, LOCATION);

        assertThat(summary.files())
                .extracting(BackupSummary.File::kind)
                .containsExactly("site-config", "database", "public-files", "private-files");
        assertThat(summary.paths()).allSatisfy(p -> assertThat(p).startsWith(DIR + "/20261128_090000-"));
    }

    @Test
    void refusesPathsOutsideTheOperationsFolderAndASummaryWithoutADatabase() {
        for (String path : List.of(
                "/etc/shadow",
                DIR + "/../../../../sites/common_site_config.json",
                DIR + "/..",
                DIR + "/sub/file.sql.gz",
                DIR.replace(OPERATION.toString(), UUID.randomUUID().toString()) + "/x-database.sql.gz",
                "./acme.localhost/private/backups/x-database.sql.gz")) {
            String printed = "Backup Summary for acme.localhost at 2026-11-28 09:00:00.123456\n" + "Database: " + path
                    + " 1.2MiB\n";
            assertThatThrownBy(() -> BackupSummary.parse(printed, LOCATION))
                    .as(path)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining(path);
        }
        assertThatThrownBy(() -> BackupSummary.parse("Backup failed for Site acme.localhost.\n", LOCATION))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSiteOperationsLinesAreTheContractsAndNameOnlyCheckedValues() {
        BenchCommandLines lines = new BenchCommandLines(SimulatedBenchHost.BENCH_FOLDER, "bench");
        Duration limit = Duration.ofSeconds(60);
        String cd = "cd '/home/frappe/frappe-bench' && ";
        String onSite = cd + "timeout --kill-after=30s 60 bench --site 'acme.localhost' ";
        assertThat(lines.maintenanceMode(SITE, true, limit)).isEqualTo(onSite + "set-maintenance-mode on");
        assertThat(lines.maintenanceMode(SITE, false, limit)).isEqualTo(onSite + "set-maintenance-mode off");
        assertThat(lines.scheduler(SITE, true, limit)).isEqualTo(onSite + "disable-scheduler");
        assertThat(lines.scheduler(SITE, false, limit)).isEqualTo(onSite + "enable-scheduler");
        assertThat(lines.backupWithFiles(SITE, LOCATION, limit))
                .isEqualTo(onSite + "backup --with-files --backup-path '" + DIR + "'");
        assertThat(lines.sha256(List.of(DIR + "/a.sql.gz", DIR + "/b.tar")))
                .isEqualTo(cd + "sha256sum -- '" + DIR + "/a.sql.gz' '" + DIR + "/b.tar'");
        assertThat(lines.sizes(List.of(DIR + "/a.sql.gz"))).isEqualTo(cd + "stat -c '%s %n' -- '" + DIR + "/a.sql.gz'");
        assertThat(lines.archiveSite(SITE, SimulatedBenchHost.BENCH_FOLDER + "/archived/sites", limit))
                .isEqualTo(cd + "timeout --kill-after=30s 60 bench drop-site 'acme.localhost' --force --no-backup"
                        + " --archived-sites-path '/home/frappe/frappe-bench/archived/sites'");
        for (String hostile : List.of("/tmp/x'; id; '", DIR + "/../x", "relative/x", DIR + "/a b", DIR + "//x")) {
            assertThatThrownBy(() -> lines.sha256(List.of(hostile)))
                    .as(hostile)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> lines.archiveSite(SITE, "/srv/x'; id", limit))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackupLocation("/srv/../etc")).isInstanceOf(IllegalArgumentException.class);
    }
}
