package io.benchline.provisioner;

import static io.benchline.testing.TopicDump.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.BackupFile;
import io.benchline.events.LoginKeyIssued;
import io.benchline.events.LoginKeyRequested;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.SiteOperation;
import io.benchline.events.SiteOperationCompleted;
import io.benchline.events.SiteOperationRequested;
import io.benchline.events.SiteProvisioned;
import io.benchline.events.TenantRequested;
import io.benchline.platform.secrets.Keysets;
import io.benchline.simulator.FailurePlan;
import io.benchline.simulator.SimulatedSiteState;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import io.benchline.testing.Publish;
import io.benchline.testing.RunningService;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Site operations on a real broker and a simulated bench host over real SSH: SUSPEND puts the site into
 * maintenance mode with its scheduler off (503), RESUME brings it back (200); ARCHIVE takes a backup with files
 * whose sizes and SHA-256 in the event are those of the files on the host, drops the site into the archive folder
 * (404) and refuses its login keys after; a redelivered request sends no command and re-sends the same event; a
 * tenant not provisioned here is answered with a failure and no command.
 */
class SiteOperationsTests {

    private static final String OPERATOR = "/benchline/operator-service";

    @TempDir
    static Path folder;

    static SimulatedBenchHost host;
    static RunningProvisioner provisioner;
    static String group = "site-ops-it-" + UUID.randomUUID();

    @BeforeAll
    static void start() {
        host = SimulatedBenchHost.start(folder.resolve("bench-1"));
        Map<String, String> properties = new HashMap<>(host.properties(0, "bench-1", 2));
        properties.put("benchline.secrets.keysets.login-key.json", Keysets.generateJson());
        provisioner = RunningProvisioner.start(group, Keysets.generateJson(), properties);
    }

    @AfterAll
    static void stop() {
        if (provisioner != null) {
            provisioner.close();
        }
        if (host != null) {
            host.close();
        }
    }

    @Test
    void suspendTurnsMaintenanceOnAndTheSchedulerOffAndResumeBringsTheSiteBack() {
        TenantRequested request = provisioned(Requests.subdomain("suspend"));
        UUID tenant = request.getTenantId();
        String site = request.getSignup().getSiteName();
        assertThat(DirectFrappe.status(host, site, "/login")).isEqualTo(200);

        SiteOperationCompleted suspended = completed(ask(tenant, SiteOperation.SUSPEND));
        assertThat(suspended.getSucceeded()).as(suspended.getMessage()).isTrue();
        assertThat(suspended.getBenchHost()).isEqualTo("bench-1");
        assertThat(suspended.getSiteName()).isEqualTo(site);
        assertThat(host.simulator.site(site)).hasValueSatisfying(s -> {
            assertThat(s.maintenanceMode()).isTrue();
            assertThat(s.schedulerEnabled()).isFalse();
        });
        assertThat(DirectFrappe.status(host, site, "/login")).isEqualTo(503);

        SiteOperationCompleted resumed = completed(ask(tenant, SiteOperation.RESUME));
        assertThat(resumed.getSucceeded()).as(resumed.getMessage()).isTrue();
        assertThat(host.simulator.site(site)).hasValueSatisfying(s -> {
            assertThat(s.maintenanceMode()).isFalse();
            assertThat(s.schedulerEnabled()).isTrue();
        });
        assertThat(DirectFrappe.status(host, site, "/login")).isEqualTo(200);
    }

    @Test
    void archiveKeepsAVerifiedBackupOnTheHostDropsTheSiteIntoTheArchiveAndRefusesItsLoginKeys() {
        TenantRequested request = provisioned(Requests.subdomain("archive"));
        UUID tenant = request.getTenantId();
        String site = request.getSignup().getSiteName();
        completed(ask(tenant, SiteOperation.SUSPEND));

        SiteOperationRequested archive = ask(tenant, SiteOperation.ARCHIVE);
        SiteOperationCompleted archived = completed(archive);

        assertThat(archived.getSucceeded()).as(archived.getMessage()).isTrue();
        assertThat(archived.getOperationId()).isEqualTo(archive.getOperationId());
        var backup = archived.getBackup();
        assertThat(backup).isNotNull();
        assertThat(backup.getBenchHost()).isEqualTo("bench-1");
        assertThat(backup.getLocation())
                .isEqualTo(
                        SimulatedBenchHost.BENCH_FOLDER + "/archived/backups/" + site + "/" + archive.getOperationId());
        assertThat(backup.getFiles())
                .extracting(BackupFile::getKind)
                .containsExactlyInAnyOrder("site-config", "database", "public-files", "private-files");
        long total = 0;
        for (BackupFile file : backup.getFiles()) {
            byte[] bytes = host.fileBytes(file.getPath());
            assertThat(file.getPath()).startsWith(backup.getLocation() + "/");
            assertThat(file.getSizeBytes()).isEqualTo(bytes.length).isPositive();
            assertThat(file.getSha256()).isEqualTo(sha256(bytes));
            total += bytes.length;
        }
        assertThat(backup.getTotalBytes()).isEqualTo(total);
        assertThat(backup.getTakenAt()).isBefore(archived.getOccurredAt().plusMillis(1));

        assertThat(DirectFrappe.status(host, site, "/login")).isEqualTo(404);
        assertThat(host.simulator.site(site)).hasValueSatisfying(s -> {
            assertThat(s.state()).isEqualTo(SimulatedSiteState.ARCHIVED);
            assertThat(s.archivedPath()).startsWith(SimulatedBenchHost.BENCH_FOLDER + "/archived/sites");
        });
        assertThat(host.listFiles(SimulatedBenchHost.BENCH_FOLDER + "/archived/sites"))
                .anyMatch(f -> f.contains("/" + site));

        LoginKeyRequested late = LoginKeyRequested.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenant)
                .setOccurredAt(Instant.now())
                .setRequestId(UUID.randomUUID())
                .build();
        Publish.event("/benchline/signup-service", late);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !events(LoginKeyIssued.class, tenant).isEmpty());
        assertThat(events(LoginKeyIssued.class, tenant).get(0).getFailure()).contains("removed");

        SiteOperationCompleted afterwards = completed(ask(tenant, SiteOperation.RESUME));
        assertThat(afterwards.getSucceeded()).isFalse();
        assertThat(afterwards.getMessage()).contains("removed");
    }

    @Test
    void aFailedBackupIsReportedWithWhatBenchPrintedAndTheSiteIsNotDropped() {
        TenantRequested request = provisioned(Requests.subdomain("nobackup"));
        String site = request.getSignup().getSiteName();
        host.simulator.faults().failCommand("backup", FailurePlan.onCall(1));

        SiteOperationCompleted failed = completed(ask(request.getTenantId(), SiteOperation.ARCHIVE));

        assertThat(failed.getSucceeded()).isFalse();
        assertThat(failed.getBackup()).isNull();
        assertThat(failed.getMessage())
                .contains("ARCHIVE of site " + site)
                .contains("backup")
                .contains("bench-1");
        assertThat(host.count(site, "drop-site")).isZero();
        assertThat(host.simulator.site(site))
                .hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(SimulatedSiteState.READY));
        assertThat(DirectFrappe.status(host, site, "/login")).isEqualTo(200);
    }

    @Test
    void aRedeliveredRequestSendsNoCommandAndTheSameEvent() {
        TenantRequested request = provisioned(Requests.subdomain("redeliver"));
        UUID tenant = request.getTenantId();
        String site = request.getSignup().getSiteName();
        SiteOperationRequested archive = ask(tenant, SiteOperation.ARCHIVE);
        SiteOperationCompleted first = completed(archive);
        assertThat(first.getSucceeded()).as(first.getMessage()).isTrue();
        long commands = host.simulator.commands().size();

        RecordMetadata again = Publish.event(OPERATOR, archive);
        RunningService.awaitConsumed(group + "-site-operations", again);
        await().atMost(Duration.ofSeconds(30)).until(() -> answers(archive).size() == 2);

        assertThat(answers(archive)).allSatisfy(a -> {
            assertThat(a.getEventId()).isEqualTo(first.getEventId());
            assertThat(a.getBackup()).isEqualTo(first.getBackup());
        });
        assertThat(host.simulator.commands()).hasSize((int) commands);
        assertThat(host.count(site, " backup --with-files")).isEqualTo(1);
        assertThat(host.count(site, "drop-site")).isEqualTo(1);
    }

    @Test
    void aTenantNotProvisionedHereIsAnsweredWithAFailureAndNoCommand() {
        long commands = host.simulator.commands().size();
        SiteOperationCompleted unknown = completed(ask(UUID.randomUUID(), SiteOperation.ARCHIVE));
        assertThat(unknown.getSucceeded()).isFalse();
        assertThat(unknown.getMessage()).contains("not provisioned");
        assertThat(unknown.getBackup()).isNull();
        assertThat(host.simulator.commands()).hasSize((int) commands);

        String subdomain = Requests.subdomain("taken");
        host.newSite(subdomain + ".localhost");
        TenantRequested taken = Requests.forSubdomain(subdomain);
        Requests.send(provisioner, taken);
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        !events(ProvisioningFailed.class, taken.getTenantId()).isEmpty());
        long before = host.count(subdomain + ".localhost", "");
        SiteOperationCompleted failed = completed(ask(taken.getTenantId(), SiteOperation.SUSPEND));
        assertThat(failed.getSucceeded()).isFalse();
        assertThat(failed.getMessage()).contains("has not finished");
        assertThat(host.count(subdomain + ".localhost", "")).isEqualTo(before);
        assertThat(host.simulator.site(subdomain + ".localhost"))
                .hasValueSatisfying(s -> assertThat(s.maintenanceMode()).isFalse());
    }

    private static TenantRequested provisioned(String subdomain) {
        TenantRequested request = Requests.forSubdomain(subdomain);
        Requests.send(provisioner, request);
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        !events(SiteProvisioned.class, request.getTenantId()).isEmpty());
        return request;
    }

    private static SiteOperationRequested ask(UUID tenant, SiteOperation operation) {
        SiteOperationRequested request = SiteOperationRequested.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenant)
                .setOccurredAt(Instant.now())
                .setOperationId(UUID.randomUUID())
                .setOperation(operation)
                .setCommandId(UUID.randomUUID())
                .build();
        Publish.event(OPERATOR, request);
        return request;
    }

    private static List<SiteOperationCompleted> answers(SiteOperationRequested request) {
        return events(SiteOperationCompleted.class, request.getTenantId()).stream()
                .filter(c -> c.getOperationId().equals(request.getOperationId()))
                .toList();
    }

    private static SiteOperationCompleted completed(SiteOperationRequested request) {
        await().atMost(Duration.ofSeconds(60)).until(() -> !answers(request).isEmpty());
        SiteOperationCompleted answer = answers(request).get(0);
        assertThat(answer.getOperation()).isEqualTo(request.getOperation());
        return answer;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
