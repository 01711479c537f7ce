package io.benchline.simulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.simulator.FailurePlan;
import io.benchline.simulator.FrappeSimulator;
import io.benchline.simulator.SimulatedSiteState;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's side of suspend, resume and archive: faults on the new commands, the time zone in backup names,
 * common-config maintenance, the direct gunicorn front, drop-site's own backup, and the files it keeps.
 */
class SiteLifecycleSimulatorTests {

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
    void aFailedBackupSaysFrappesMessageAndWritesNothing() throws Exception {
        start(b -> b);
        String site = target.readySite(false);
        String folder = target.benchFolder() + "/archived/backups/" + site + "/op-1";
        target.simulator().faults().failCommand("backup", FailurePlan.onCall(1));

        BenchResult failed = target.bench("bench --site " + site + " backup --with-files --backup-path " + folder);
        BenchResult retried = target.bench("bench --site " + site + " backup --with-files --backup-path " + folder);

        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.out())
                .isEqualTo("Backup failed for Site " + site + ". Database or site_config.json may be corrupted\n");
        assertThat(retried.exit()).isZero();
        assertThat(target.simulator().files(folder)).hasSize(4);
    }

    @Test
    void aBackupWhoseConnectionDropsHasWrittenItsFilesButPrintedNothing() throws Exception {
        start(b -> b);
        String site = target.readySite(false);
        String folder = target.benchFolder() + "/archived/backups/" + site + "/op-2";
        target.simulator().faults().dropConnection("backup", FailurePlan.onCall(1));

        BenchResult dropped = target.bench("bench --site " + site + " backup --with-files --backup-path " + folder);

        assertThat(dropped.exit()).isNull();
        assertThat(dropped.out()).doesNotContain("Backup Summary");
        assertThat(target.simulator().files(folder)).hasSize(4);
    }

    @Test
    void hungAndDroppedSuspendCommandsHaveDoneTheirWork() throws Exception {
        start(b -> b);
        String site = target.readySite(false);
        target.simulator().faults().hangCommand("set-maintenance-mode", FailurePlan.onCall(1));
        target.simulator().faults().dropConnection("disable-scheduler", FailurePlan.onCall(1));
        target.bench("bench --site " + site + " enable-scheduler");

        BenchResult hung = target.exec(
                "cd " + target.benchFolder() + " && bench --site " + site + " set-maintenance-mode on",
                null,
                Duration.ofSeconds(1));
        BenchResult dropped = target.bench("bench --site " + site + " disable-scheduler");

        assertThat(hung.exit()).isNull();
        assertThat(dropped.exit()).isNull();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(target.simulator().site(site).orElseThrow().maintenanceMode())
                    .isTrue();
            assertThat(target.simulator().site(site).orElseThrow().schedulerEnabled())
                    .isFalse();
        });
    }

    @Test
    void failedLifecycleCommandsChangeNothing() throws Exception {
        start(b -> b);
        String site = target.readySite(false);
        for (String command : List.of("set-maintenance-mode", "enable-scheduler", "drop-site")) {
            target.simulator().faults().failCommand(command, FailurePlan.always());
        }

        BenchResult maintenance = target.bench("bench --site " + site + " set-maintenance-mode on");
        BenchResult scheduler = target.bench("bench --site " + site + " enable-scheduler");
        BenchResult drop = target.bench("bench drop-site " + site + " --force --no-backup");

        assertThat(maintenance.exit()).isEqualTo(1);
        assertThat(maintenance.err()).contains("Traceback (most recent call last)");
        assertThat(scheduler.exit()).isEqualTo(1);
        assertThat(scheduler.err()).contains("OperationalError");
        assertThat(drop.exit()).isEqualTo(1);
        assertThat(drop.err()).contains("OperationalError");
        var view = target.simulator().site(site).orElseThrow();
        assertThat(view.maintenanceMode()).isFalse();
        assertThat(view.schedulerEnabled()).isFalse();
        assertThat(view.state()).isEqualTo(SimulatedSiteState.READY);
    }

    @Test
    void backupNamesCarryTheSitesTimeZoneAndAsiaKolkataWithoutOne() throws Exception {
        // 2026-11-28 08:00:00 UTC is 13:30 in Asia/Kolkata and 09:00 in Europe/Berlin.
        Instant at = Instant.parse("2026-11-28T08:00:00Z");
        start(b -> b.clock(java.time.Clock.fixed(at, java.time.ZoneOffset.UTC)));
        String fresh = target.readySite(false);
        String set = target.readySite(false);
        BenchHostTarget.ApiKeys keys = target.administratorKeys(set);
        target.put(
                set,
                "/api/resource/System%20Settings/System%20Settings",
                "application/json",
                "{\"time_zone\":\"Europe/Berlin\"}",
                keys.token());

        BenchResult kolkata = target.bench("bench --site " + fresh + " backup");
        BenchResult berlin = target.bench("bench --site " + set + " backup");

        assertThat(kolkata.out())
                .contains("Backup Summary for " + fresh + " at 2026-11-28 13:30:00.000000\n")
                .contains("/20261128_133000-" + fresh.replace('.', '_') + "-database.sql.gz");
        assertThat(berlin.out())
                .contains("Backup Summary for " + set + " at 2026-11-28 09:00:00.000000\n")
                .contains("/20261128_090000-" + set.replace('.', '_') + "-database.sql.gz");
    }

    @Test
    void maintenanceModeInCommonSiteConfigStopsEverySiteAlsoStraightAtGunicorn() throws Exception {
        start(b -> b);
        String site = target.readySite(false);

        assertThat(target.bench("bench set-config -g maintenance_mode 1").exit())
                .isZero();

        assertThat(target.get(site, LOGGED_USER, Map.of()).statusCode()).isEqualTo(503);
        HttpResponse<String> direct = target.http()
                .send(
                        HttpRequest.newBuilder(URI.create(target.simulator().gunicornBaseUrl() + LOGGED_USER))
                                .header("X-Frappe-Site-Name", site)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(direct.statusCode()).isEqualTo(503);
        assertThat(direct.body()).contains("\"exc_type\":\"SessionStopped\"");
        assertThat(target.simulator().site(site).orElseThrow().maintenanceMode())
                .isTrue();
    }

    @Test
    void setMaintenanceModeTakesItsOwnSiteOptionToo() throws Exception {
        start(b -> b);
        String site = target.readySite(false);

        BenchResult on = target.bench("bench set-maintenance-mode on --site " + site);

        assertThat(on.exit()).as(on.toString()).isZero();
        assertThat(target.simulator().site(site).orElseThrow().maintenanceMode())
                .isTrue();
    }

    @Test
    void dropSiteWithoutNoBackupTakesABackupThatMovesWithTheFolder() throws Exception {
        start(b -> b);
        String site = target.readySite(false);
        String archive = target.benchFolder() + "/archived/sites";

        BenchResult dropped = target.bench("bench drop-site " + site + " --force");

        assertThat(dropped.exit()).as(dropped.toString()).isZero();
        assertThat(dropped.out().lines().toList())
                .startsWith("Taking backup of " + site)
                .contains("Dropping site database and user", "Moving site to archive under " + archive);
        assertThat(dropped.out()).contains("Backup Summary for " + site + " at ");
        List<String> kept = target.simulator().files(archive + "/" + site);
        assertThat(kept)
                .anySatisfy(p -> assertThat(p)
                        .startsWith(archive + "/" + site + "/private/backups/")
                        .endsWith("-private-files.tar"));
        assertThat(kept).contains(archive + "/" + site + "/site_config.json");
        assertThat(target.simulator().files(target.benchFolder() + "/sites/" + site))
                .isEmpty();
    }

    @Test
    void aBackupWithCompressWritesGzippedArchivesAndStatSeesFolders() throws Exception {
        start(b -> b);
        String site = target.readySite(false);
        String folder = target.benchFolder() + "/archived/backups/" + site + "/op-3";

        BenchResult backup =
                target.bench("bench --site " + site + " backup --with-files --compress --backup-path " + folder);
        BenchResult folderStat = target.exec("stat -c '%F %s %n' -- " + folder, null);

        assertThat(backup.exit()).isZero();
        List<String> files = target.simulator().files(folder);
        assertThat(files).anySatisfy(p -> assertThat(p).endsWith("-private-files.tgz"));
        byte[] archive = target.simulator()
                .file(files.stream()
                        .filter(p -> p.endsWith("-files.tgz"))
                        .findFirst()
                        .orElseThrow())
                .orElseThrow();
        assertThat(archive[0] & 0xff).isEqualTo(0x1f);
        assertThat(archive[1] & 0xff).isEqualTo(0x8b);
        assertThat(folderStat.out()).isEqualTo("directory 4096 " + folder + "\n");
    }

    @Test
    void theAdminApiListsWrittenFilesAndShowsTheSitesLifecycleState() throws Exception {
        start(b -> b);
        String site = target.readySite(false);
        String folder = target.benchFolder() + "/archived/backups/" + site + "/op-4";
        target.bench("bench --site " + site + " backup --with-files --backup-path " + folder);
        target.bench("bench --site " + site + " set-maintenance-mode on");

        HttpResponse<String> files = target.http()
                .send(
                        HttpRequest.newBuilder(URI.create(target.httpUrl() + "/_simulator/files?under=" + folder))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> view = target.http()
                .send(
                        HttpRequest.newBuilder(URI.create(target.httpUrl() + "/_simulator/sites/" + site))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(files.statusCode()).isEqualTo(200);
        assertThat(files.body()).contains(folder + "/").contains("-database.sql.gz");
        assertThat(view.body()).contains("\"maintenanceMode\":true").contains("\"schedulerEnabled\":false");
    }
}
