package io.benchline.provisioner.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchline.simulator.FailurePlan;
import io.benchline.simulator.FrappeSimulator;
import io.benchline.testing.CapturedLogs;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SSH client against the simulator over real SSH on loopback: keys, host keys, reuse, timeouts, reconnects. */
class SshCommandRunnerTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String NEW_SITE =
            "bench new-site a.localhost --admin-password Abcdefgh12345678 --install-app erpnext";

    @TempDir
    Path folder;

    FrappeSimulator simulator;
    Path privateKey;
    SshCommandRunner runner;

    @BeforeEach
    void start() throws Exception {
        KeyPair client = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        privateKey = folder.resolve("id_ed25519");
        try (OutputStream out = Files.newOutputStream(privateKey)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(client, "test", null, out);
        }
        simulator = FrappeSimulator.builder()
                .authorizedKey(client.getPublic())
                .hostKeyFile(folder.resolve("host_key"))
                .timeScale(0)
                .start();
        runner = new SshCommandRunner(TIMEOUT);
    }

    @AfterEach
    void stop() {
        runner.close();
        simulator.close();
    }

    @Test
    void runsManyCommandsOverOneSessionVerifiedByKnownHosts() throws Exception {
        SshEndpoint endpoint = knownHostsEndpoint(simulator.knownHostsLine());
        try (CapturedLogs logs = CapturedLogs.start()) {
            for (int i = 0; i < 10; i++) {
                CommandResult result = runner.run(endpoint, "bench --site nosuch.localhost list-apps", TIMEOUT);
                assertThat(result.exitCode()).isEqualTo(1);
                assertThat(result.output()).contains("Site nosuch.localhost does not exist!");
            }
            assertThat(logs.lines())
                    .filteredOn(l -> l.contains("SSH session to bench host"))
                    .hasSize(1);
        }
        assertThat(simulator.commands()).hasSize(10);
    }

    @Test
    void acceptsThePinnedHostKey() {
        SshEndpoint endpoint = new SshEndpoint(
                "bench-1",
                simulator.host(),
                simulator.sshPort(),
                "frappe",
                privateKey,
                null,
                PublicKeyEntry.toString(simulator.hostKey()));
        assertThat(runner.run(endpoint, "bench --version", TIMEOUT).exitCode()).isNotEqualTo(255);
        assertThat(runner.isConnected(endpoint)).isTrue();
    }

    @Test
    void refusesAHostMissingFromKnownHosts() throws Exception {
        SshEndpoint endpoint = knownHostsEndpoint("[127.0.0.1]:1 " + PublicKeyEntry.toString(simulator.hostKey()));
        assertThatThrownBy(() -> runner.run(endpoint, "bench --version", TIMEOUT))
                .isInstanceOfSatisfying(
                        RemoteCommandException.class,
                        e -> assertThat(e.kind()).isEqualTo(RemoteCommandException.Kind.HOST_KEY_REJECTED));
        assertThat(simulator.commands()).isEmpty();
    }

    @Test
    void refusesAChangedHostKey() throws Exception {
        KeyPair other = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        String changed =
                "[" + simulator.host() + "]:" + simulator.sshPort() + " " + PublicKeyEntry.toString(other.getPublic());
        SshEndpoint endpoint = knownHostsEndpoint(changed);
        assertThatThrownBy(() -> runner.run(endpoint, "bench --version", TIMEOUT))
                .isInstanceOfSatisfying(
                        RemoteCommandException.class,
                        e -> assertThat(e.kind()).isEqualTo(RemoteCommandException.Kind.HOST_KEY_REJECTED));
        assertThat(simulator.commands()).isEmpty();
    }

    @Test
    void refusesAWrongPinnedKey() throws Exception {
        KeyPair other = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        SshEndpoint endpoint = new SshEndpoint(
                "bench-1",
                simulator.host(),
                simulator.sshPort(),
                "frappe",
                privateKey,
                null,
                PublicKeyEntry.toString(other.getPublic()));
        assertThatThrownBy(() -> runner.run(endpoint, "bench --version", TIMEOUT))
                .isInstanceOfSatisfying(
                        RemoteCommandException.class,
                        e -> assertThat(e.kind()).isEqualTo(RemoteCommandException.Kind.HOST_KEY_REJECTED));
    }

    @Test
    void reportsAnUnreachableHost() throws Exception {
        SshEndpoint endpoint = new SshEndpoint(
                "bench-1", "127.0.0.1", 1, "frappe", privateKey, null, PublicKeyEntry.toString(simulator.hostKey()));
        assertThatThrownBy(() -> runner.run(endpoint, "bench --version", TIMEOUT))
                .isInstanceOfSatisfying(RemoteCommandException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RemoteCommandException.Kind.UNREACHABLE);
                    assertThat(e.kind().isTransient()).isTrue();
                });
    }

    @Test
    void abandonsACommandAfterItsTimeoutAndKeepsTheSessionUsable() throws Exception {
        SshEndpoint endpoint = knownHostsEndpoint(simulator.knownHostsLine());
        simulator.faults().hangCommand("new-site", FailurePlan.onCall(1));
        assertThatThrownBy(() -> runner.run(endpoint, NEW_SITE, Duration.ofMillis(500)))
                .isInstanceOfSatisfying(
                        RemoteCommandException.class,
                        e -> assertThat(e.kind()).isEqualTo(RemoteCommandException.Kind.TIMED_OUT));
        assertThat(runner.run(endpoint, "bench --site nosuch.localhost list-apps", TIMEOUT)
                        .output())
                .contains("Site nosuch.localhost does not exist!");
    }

    @Test
    void reconnectsAfterADroppedConnection() throws Exception {
        SshEndpoint endpoint = knownHostsEndpoint(simulator.knownHostsLine());
        runner.connect(endpoint);
        simulator.faults().dropConnection("new-site", FailurePlan.onCall(1));
        assertThatThrownBy(() -> runner.run(endpoint, NEW_SITE, TIMEOUT))
                .isInstanceOfSatisfying(
                        RemoteCommandException.class,
                        e -> assertThat(e.kind()).isEqualTo(RemoteCommandException.Kind.CONNECTION_DROPPED));
        assertThat(runner.run(endpoint, "bench --site nosuch.localhost list-apps", TIMEOUT)
                        .output())
                .contains("Site nosuch.localhost does not exist!");
    }

    private SshEndpoint knownHostsEndpoint(String line) throws Exception {
        Path knownHosts = folder.resolve("known_hosts");
        Files.writeString(knownHosts, line + "\n");
        return new SshEndpoint(
                "bench-1", simulator.host(), simulator.sshPort(), "frappe", privateKey, knownHosts, null);
    }
}
