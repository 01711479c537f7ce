package io.benchline.provisioner.hosts.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.simulator.HostMisconfiguration;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's command: a readable report, exit 0 for a healthy host and non-zero with the reason otherwise. */
class HostCheckCommandTests {

    @TempDir
    static Path folder;

    static SimulatedHost bench;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void start() {
        bench = SimulatedHost.start(folder.resolve("bench"), b -> b);
    }

    @AfterEach
    void healthyAgain() {
        bench.simulator.misconfigure(Set.of());
    }

    @AfterAll
    static void stop() {
        bench.close();
    }

    @Test
    void healthyHostExitsZeroWithAPassLinePerPrecondition() {
        int exit = run(bench.cliOptions());

        assertThat(exit).as(text(err)).isZero();
        assertThat(text(out))
                .contains("Bench host frappe@127.0.0.1:" + bench.simulator.sshPort())
                .containsPattern("PASS +SSH")
                .containsPattern("PASS +bench executable +bench \\d+\\.\\d+")
                .containsPattern("PASS +dns_multitenant")
                .containsPattern("PASS +admin_password")
                .containsPattern("PASS +root_password")
                .containsPattern("PASS +nginx reload")
                .containsPattern("PASS +egress")
                .containsPattern("Versions: .*frappe 15\\.")
                .contains("HEALTHY: every precondition holds")
                .doesNotContain("FAIL");
    }

    @Test
    void misconfiguredHostExitsNonZeroNamingTheReasonAndTheFix() {
        bench.simulator.misconfigure(Set.of(HostMisconfiguration.GLOBAL_ADMIN_PASSWORD));

        int exit = run(bench.cliOptions());

        assertThat(exit).isEqualTo(HostCheckCommand.UNHEALTHY);
        assertThat(text(out))
                .containsPattern("FAIL +admin_password +GLOBAL_ADMIN_PASSWORD")
                .contains("fix: " + HostProblem.GLOBAL_ADMIN_PASSWORD.hint())
                .contains("UNHEALTHY: GLOBAL_ADMIN_PASSWORD");
    }

    @Test
    void benchExecutableOptionFindsBenchOffThePath() {
        bench.simulator.misconfigure(Set.of(HostMisconfiguration.BENCH_NOT_ON_PATH));

        assertThat(run(bench.cliOptions())).isEqualTo(HostCheckCommand.UNHEALTHY);
        assertThat(text(out)).contains("UNHEALTHY: BENCH_NOT_FOUND");

        out.reset();
        int exit = run(bench.cliOptions("--bench-executable", bench.simulator.benchExecutable()));

        assertThat(exit).as(text(out)).isZero();
        assertThat(text(out)).contains("bench executable " + bench.simulator.benchExecutable());
    }

    @Test
    void usageErrorsExitTwoAndSayWhy() {
        assertThat(run(new String[] {"--key", bench.privateKey.toString()})).isEqualTo(HostCheckCommand.USAGE);
        assertThat(text(err)).contains("--ssh is required").contains("Usage:");

        err.reset();
        assertThat(run(bench.cliOptions("--bench-executable", "bench; rm -rf ~")))
                .isEqualTo(HostCheckCommand.USAGE);
        assertThat(text(err)).contains("bench-executable must be");
    }

    private int run(String[] args) {
        return HostCheckCommand.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
