package io.benchline.simulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system OpenSSH client, with strict known_hosts checking and key auth, gets the same answers as the
 * Java client: what a human or a shell script sees when they reach the bench host.
 */
class OpenSshInteropTests {

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

    @BeforeEach
    void requireOpenSsh() {
        boolean installed = Files.isExecutable(Path.of("/usr/bin/ssh")) || onPath("ssh");
        if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true but no ssh client is installed (.ci/run installs openssh-client)");
        }
        assumeTrue(installed, "no OpenSSH client on this machine");
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private BenchResult openSsh(String commandLine) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "ssh",
                "-n",
                "-F",
                "/dev/null",
                "-i",
                target.privateKeyFile().toString(),
                "-p",
                String.valueOf(target.port()),
                "-o",
                "UserKnownHostsFile=" + target.knownHosts(),
                "-o",
                "StrictHostKeyChecking=yes",
                "-o",
                "BatchMode=yes",
                "-o",
                "IdentitiesOnly=yes",
                target.user() + "@" + target.host(),
                commandLine));
        Path out = work.resolve("ssh.out");
        Path err = work.resolve("ssh.err");
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("ssh did not finish");
        }
        return new BenchResult(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void listAppsAnswersTheSameOverOpenSsh() throws Exception {
        String site = target.readySite(false);
        String line = "cd " + target.benchFolder() + " && bench --site " + site + " list-apps --format json";

        BenchResult viaOpenSsh = openSsh(line);
        BenchResult viaJava = target.exec(line, null);

        assertThat(viaOpenSsh.exit()).as(viaOpenSsh.err()).isZero();
        assertThat(viaOpenSsh.out()).isEqualTo(viaJava.out()).isEqualTo("{\n \"" + site + "\": []\n}\n");
    }

    @Test
    void usageErrorsAndQuotingAreTheSameOverOpenSsh() throws Exception {
        String line = "cd " + target.benchFolder() + " && bench list-apps --site 'a b'";

        BenchResult viaOpenSsh = openSsh(line);
        BenchResult viaJava = target.exec(line, null);

        assertThat(viaOpenSsh.exit()).isEqualTo(2).isEqualTo(viaJava.exit());
        assertThat(viaOpenSsh.err()).isEqualTo(viaJava.err()).contains("No such option: --site");
    }

    @Test
    void anUnknownHostKeyIsRejectedByOpenSsh() throws Exception {
        Path emptyKnownHosts = Files.writeString(work.resolve("empty_known_hosts"), "");
        List<String> command = List.of(
                "ssh",
                "-n",
                "-F",
                "/dev/null",
                "-i",
                target.privateKeyFile().toString(),
                "-p",
                String.valueOf(target.port()),
                "-o",
                "UserKnownHostsFile=" + emptyKnownHosts,
                "-o",
                "StrictHostKeyChecking=yes",
                "-o",
                "BatchMode=yes",
                target.user() + "@" + target.host(),
                "bench --version");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(255);
        assertThat(output).contains("Host key verification failed");
    }
}
