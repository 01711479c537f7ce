package io.benchline.provisioner.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.provisioner.ssh.CommandResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** frappe-facts.md "How to read a failed command", row by row, plus the look-alikes that must not count as taken. */
class BenchFailureTests {

    private static final SiteName SITE = new SiteName("acme.localhost");

    @Test
    void benchNotFoundIsTheHosts() {
        assertThat(classify(127, "", "sh: 1: bench: not found")).isEqualTo(BenchFailure.HOST_MISCONFIGURED);
    }

    @Test
    void usageErrorOrNoBenchFolderIsTheHosts() {
        assertThat(classify(2, "", "Usage: bench [OPTIONS] COMMAND [ARGS]...\nError: No such command 'new-site'."))
                .isEqualTo(BenchFailure.HOST_MISCONFIGURED);
        assertThat(classify(2, "", "sh: 1: cd: can't cd to /home/frappe/frappe-bench"))
                .isEqualTo(BenchFailure.HOST_MISCONFIGURED);
    }

    @Test
    void runningAsRootIsTheHosts() {
        assertThat(classify(1, "You should not run this command as root", ""))
                .isEqualTo(BenchFailure.HOST_MISCONFIGURED);
    }

    @Test
    void siteDoesNotExistIsAbsent() {
        assertThat(classify(1, "Site acme.localhost does not exist!\n", "")).isEqualTo(BenchFailure.ABSENT);
    }

    @Test
    void anotherSiteMissingIsNotThisOneAbsent() {
        assertThat(classify(1, "Site other.localhost does not exist!\n", "")).isEqualTo(BenchFailure.COMMAND_FAILED);
    }

    @Test
    void missingDatabaseTracebackIsHalfBuilt() {
        String traceback = "Traceback (most recent call last):\n  File \"frappe/database/database.py\", line 1\n"
                + "pymysql.err.OperationalError: (1049, \"Unknown database '_5f2a8c'\")\n";
        assertThat(classify(1, "", traceback)).isEqualTo(BenchFailure.HALF_BUILT);
        assertThat(classify(1, "", "pymysql.err.ProgrammingError: (1146, \"Table '_5f2a8c.tabUser' doesn't exist\")"))
                .isEqualTo(BenchFailure.HALF_BUILT);
    }

    @Test
    void lostDatabaseConnectionIsAFailedCommandNotAHalfBuiltSite() {
        assertThat(classify(
                        1, "", "pymysql.err.OperationalError: (2013, 'Lost connection to MySQL server during query')"))
                .isEqualTo(BenchFailure.COMMAND_FAILED);
    }

    @Test
    void onlyTheExactLineMeansTaken() {
        assertThat(classify(1, "Site acme.localhost already exists\n", "")).isEqualTo(BenchFailure.TAKEN);
    }

    @Test
    void aLeftoverDatabaseIsNotATakenName() {
        String traceback = "Traceback (most recent call last):\n  File \"frappe/installer.py\", line 1\n"
                + "Exception: Database _5f2a8c already exists\n";
        assertThat(classify(1, "", traceback)).isEqualTo(BenchFailure.COMMAND_FAILED);
    }

    @Test
    void aDuplicateEntryIsNotATakenName() {
        assertThat(classify(1, "", "frappe.exceptions.DuplicateEntryError: User admin@acme.example already exists"))
                .isEqualTo(BenchFailure.COMMAND_FAILED);
        assertThat(classify(1, "Site acme.localhost already exists, says a longer line\n", ""))
                .isEqualTo(BenchFailure.COMMAND_FAILED);
    }

    @Test
    void theHostsTimeoutIsATimeout() {
        assertThat(classify(124, "Installing frappe...\n", "")).isEqualTo(BenchFailure.TIMED_OUT);
        assertThat(classify(137, "", "")).isEqualTo(BenchFailure.TIMED_OUT);
    }

    @Test
    void anythingElseIsAFailedCommand() {
        assertThat(classify(1, "", "ModuleNotFoundError: No module named 'erpnext'"))
                .isEqualTo(BenchFailure.COMMAND_FAILED);
        assertThat(classify(3, "", "")).isEqualTo(BenchFailure.COMMAND_FAILED);
    }

    @Test
    void theHostEndsACommandBeforeTheClientGivesUp() {
        assertThat(BenchTimeouts.onHost(Duration.ofMinutes(20))).isEqualTo(Duration.ofMinutes(19));
        assertThat(BenchTimeouts.onHost(Duration.ofMinutes(2))).isEqualTo(Duration.ofMinutes(1));
        assertThat(BenchTimeouts.onHost(Duration.ofSeconds(6))).isEqualTo(Duration.ofSeconds(3));
        assertThat(BenchTimeouts.onHost(Duration.ofMillis(500))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void commandLinesCarryTheConfiguredExecutableUnderTheHostsTimeout() {
        BenchCommandLines lines = new BenchCommandLines("/srv/bench", "/home/frappe/.local/bin/bench");
        assertThat(lines.newSite(SITE, Duration.ofMinutes(19)))
                .isEqualTo("cd '/srv/bench' && timeout --kill-after=30s 1140 '/home/frappe/.local/bin/bench'"
                        + " new-site 'acme.localhost' --install-app erpnext");
        assertThat(new BenchCommandLines("/srv/bench", "bench").setupNginx(Duration.ofMinutes(1)))
                .isEqualTo("cd '/srv/bench' && timeout --kill-after=30s 60 env HTTPS_PROXY=http://127.0.0.1:9"
                        + " bench setup nginx --yes");
    }

    private static BenchFailure classify(int exit, String stdout, String stderr) {
        return BenchFailure.of(new CommandResult(exit, stdout, stderr), SITE);
    }
}
