package io.benchline.provisioner.hosts.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchline.platform.ports.FreePorts;
import io.benchline.provisioner.hosts.BenchHost;
import io.benchline.provisioner.ssh.RemoteCommandException;
import io.benchline.provisioner.ssh.SshCommandRunner;
import io.benchline.simulator.HostMisconfiguration;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The doctor's checks against a simulated bench host in each misconfiguration the facts describe. */
class HostPreconditionsCheckTests {

    @TempDir
    static Path folder;

    static SimulatedHost bench;
    static SshCommandRunner ssh;
    static HostPreconditionsCheck check;

    @BeforeAll
    static void start() {
        // A short PyPI stall: the unprefixed probe below must end on its own after the test stopped waiting.
        bench = SimulatedHost.start(folder.resolve("bench"), b -> b.pypiStall(Duration.ofSeconds(5)));
        ssh = new SshCommandRunner(Duration.ofSeconds(5));
        check = new HostPreconditionsCheck(ssh, Duration.ofSeconds(10), Duration.ofSeconds(2), Clock.systemUTC());
    }

    @AfterEach
    void healthyAgain() {
        bench.simulator.misconfigure(Set.of());
    }

    @AfterAll
    static void stop() {
        ssh.close();
        bench.close();
    }

    @Test
    void healthyHostPassesEveryPreconditionAndRecordsItsVersions() {
        HostCheckReport report = check.check(bench.host("healthy"));

        assertThat(report.problems()).isEmpty();
        assertThat(report.healthy()).isTrue();
        assertThat(report.findings())
                .extracting(Finding::check)
                .containsExactly(
                        "SSH",
                        "bench executable",
                        "dns_multitenant",
                        "admin_password",
                        "root_password",
                        "apps",
                        "nginx reload",
                        "egress");
        assertThat(report.findings()).allMatch(f -> f.outcome() == Finding.Outcome.PASSED);
        assertThat(report.benchVersion()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(report.appVersions()).containsKeys("frappe", "erpnext");
        assertThat(report.appVersions().get("frappe")).startsWith("15.");
        assertThat(report.summary()).isEqualTo("preconditions hold");
    }

    @ParameterizedTest
    @CsvSource({
        "DNS_MULTITENANT_OFF,     DNS_MULTITENANT_OFF,      dns_multitenant",
        "GLOBAL_ADMIN_PASSWORD,   GLOBAL_ADMIN_PASSWORD,    admin_password",
        "BENCH_NOT_ON_PATH,       BENCH_NOT_FOUND,          bench executable",
        "NO_ROOT_PASSWORD,        NO_ROOT_PASSWORD,         root_password",
        "NGINX_RELOAD_NOT_ALLOWED, NGINX_RELOAD_NOT_ALLOWED, nginx reload"
    })
    void misconfiguredHostIsUnhealthyWithTheReasonNamed(HostMisconfiguration mode, HostProblem reason, String failed) {
        bench.simulator.misconfigure(Set.of(mode));

        HostCheckReport report =
                check.check(bench.host("mode-" + mode.name().toLowerCase().replace('_', '-')));

        assertThat(report.healthy()).isFalse();
        assertThat(report.problems()).containsExactly(reason);
        assertThat(report.findings())
                .filteredOn(f -> f.outcome() == Finding.Outcome.FAILED)
                .extracting(Finding::check)
                .containsExactly(failed);
        assertThat(report.summary()).contains(reason.name());
    }

    @Test
    void everyFailingPreconditionIsReportedAtOnce() {
        bench.simulator.misconfigure(EnumSet.of(
                HostMisconfiguration.DNS_MULTITENANT_OFF,
                HostMisconfiguration.NO_ROOT_PASSWORD,
                HostMisconfiguration.NGINX_RELOAD_NOT_ALLOWED,
                HostMisconfiguration.BENCH_NOT_ON_PATH));

        HostCheckReport report = check.check(bench.host("everything-wrong"));

        assertThat(report.problems())
                .containsExactly(
                        HostProblem.BENCH_NOT_FOUND,
                        HostProblem.DNS_MULTITENANT_OFF,
                        HostProblem.NO_ROOT_PASSWORD,
                        HostProblem.NGINX_RELOAD_NOT_ALLOWED);
        assertThat(report.findings())
                .filteredOn(f -> f.outcome() == Finding.Outcome.SKIPPED)
                .extracting(Finding::check)
                .as("what needs bench is skipped, not failed")
                .containsExactly("apps", "egress");
    }

    @Test
    void benchAtItsConfiguredAbsolutePathIsFoundWhereItIsNotOnThePath() {
        bench.simulator.misconfigure(Set.of(HostMisconfiguration.BENCH_NOT_ON_PATH));

        HostCheckReport report = check.check(
                bench.host("absolute-bench", SimulatedHost.BENCH_FOLDER, bench.simulator.benchExecutable()));

        assertThat(report.problems()).isEmpty();
        assertThat(report.appVersions()).containsKeys("frappe", "erpnext");
    }

    @Test
    void editableInstallWarningDoesNotBreakTheReadingOfVersions() {
        bench.simulator.misconfigure(Set.of(HostMisconfiguration.EDITABLE_INSTALL_WARNING));

        HostCheckReport report = check.check(bench.host("editable"));

        assertThat(report.problems()).isEmpty();
        assertThat(report.benchVersion()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(report.appVersions()).containsKeys("frappe", "erpnext");
        assertThat(ssh.run(
                                bench.endpoint("editable"),
                                "cd " + SimulatedHost.BENCH_FOLDER + " && bench version",
                                Duration.ofSeconds(5))
                        .stdout())
                .as("the warning really comes first in what the check read")
                .startsWith("WARN: bench is installed in editable mode!");
    }

    @Test
    void pypiStallIsHarmlessBehindTheEgressGuardWhileTheUnguardedCommandHangs() {
        bench.simulator.misconfigure(Set.of(HostMisconfiguration.PYPI_STALL));
        BenchHost host = bench.host("pypi-stall");

        HostCheckReport report = check.check(host);

        assertThat(report.problems()).isEmpty();
        assertThatThrownBy(() -> ssh.run(
                        host.ssh(),
                        "cd " + SimulatedHost.BENCH_FOLDER + " && bench " + HostPreconditionsCheck.OWN_COMMAND_PROBE,
                        Duration.ofSeconds(2)))
                .as("without the guard the same command hangs on the PyPI check")
                .isInstanceOfSatisfying(
                        RemoteCommandException.class,
                        e -> assertThat(e.kind()).isEqualTo(RemoteCommandException.Kind.TIMED_OUT));
    }

    @Test
    void wrongBenchFolderIsNotABenchFolderAndNothingElseIsChecked() {
        HostCheckReport report = check.check(bench.host("wrong-folder", "/home/frappe/not-a-bench", "bench"));

        assertThat(report.problems()).containsExactly(HostProblem.NOT_A_BENCH_FOLDER);
        assertThat(report.findings())
                .filteredOn(f -> f.outcome() == Finding.Outcome.SKIPPED)
                .hasSize(4);
    }

    @Test
    void hostNobodyAnswersIsUnreachable() throws IOException {
        int closedPort = FreePorts.take(); // nothing listens there
        SimulatedHost nowhere = bench;
        BenchHost host = new BenchHost(
                "nowhere",
                new io.benchline.provisioner.ssh.SshEndpoint(
                        "nowhere", "127.0.0.1", closedPort, "frappe", nowhere.privateKey, nowhere.knownHosts, null),
                SimulatedHost.BENCH_FOLDER,
                1,
                "localhost",
                null,
                true,
                SimulatedHost.RELOAD,
                "bench");

        HostCheckReport report = check.check(host);

        assertThat(report.problems()).containsExactly(HostProblem.UNREACHABLE);
        assertThat(report.findings()).hasSize(1);
    }

    @Test
    void noPasswordFromTheHostReachesTheReport() {
        bench.simulator.misconfigure(Set.of(HostMisconfiguration.GLOBAL_ADMIN_PASSWORD));
        String config = ssh.run(
                        bench.endpoint("secrets"),
                        "cd " + SimulatedHost.BENCH_FOLDER + " && cat sites/common_site_config.json",
                        Duration.ofSeconds(5))
                .stdout();
        String rootPassword = value(config, "root_password");
        String adminPassword = value(config, "admin_password");

        HostCheckReport report = check.check(bench.host("secrets"));

        assertThat(report.problems()).containsExactly(HostProblem.GLOBAL_ADMIN_PASSWORD);
        assertThat(report.toString() + report.summary())
                .doesNotContain(rootPassword)
                .doesNotContain(adminPassword);
    }

    private static String value(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as("%s in common_site_config.json", key).isTrue();
        return m.group(1);
    }
}
