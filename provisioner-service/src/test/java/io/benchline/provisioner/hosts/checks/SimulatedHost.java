package io.benchline.provisioner.hosts.checks;

import io.benchline.provisioner.hosts.BenchHost;
import io.benchline.provisioner.ssh.SshEndpoint;
import io.benchline.simulator.FrappeSimulator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/** A Frappe simulator as a bench host to check, with a client key and known_hosts for it. */
final class SimulatedHost implements AutoCloseable {

    static final String BENCH_FOLDER = "/home/frappe/frappe-bench";
    static final String RELOAD = "sudo service nginx reload";

    final FrappeSimulator simulator;
    final Path privateKey;
    final Path knownHosts;

    private SimulatedHost(FrappeSimulator simulator, Path privateKey, Path knownHosts) {
        this.simulator = simulator;
        this.privateKey = privateKey;
        this.knownHosts = knownHosts;
    }

    static SimulatedHost start(Path folder, UnaryOperator<FrappeSimulator.Builder> settings) {
        try {
            Files.createDirectories(folder);
            KeyPair client = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
            Path privateKey = folder.resolve("id_ed25519");
            try (OutputStream out = Files.newOutputStream(privateKey)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(client, "doctor-test", null, out);
            }
            FrappeSimulator simulator = settings.apply(FrappeSimulator.builder()
                            .authorizedKey(client.getPublic())
                            .hostKeyFile(folder.resolve("host_key"))
                            .timeScale(0)
                            .routingDelay(Duration.ZERO))
                    .start();
            Path knownHosts = folder.resolve("known_hosts");
            Files.writeString(knownHosts, simulator.knownHostsLine() + "\n");
            return new SimulatedHost(simulator, privateKey, knownHosts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The host as the provisioner would configure it; the id names its SSH session. */
    BenchHost host(String id, String benchFolder, String benchExecutable) {
        return new BenchHost(id, endpoint(id), benchFolder, 2, "localhost", null, true, RELOAD, benchExecutable);
    }

    BenchHost host(String id) {
        return host(id, BENCH_FOLDER, "bench");
    }

    SshEndpoint endpoint(String id) {
        return new SshEndpoint(id, simulator.host(), simulator.sshPort(), "frappe", privateKey, knownHosts, null);
    }

    /** The command-line options of HostCheckCommand that reach this host. */
    String[] cliOptions(String... more) {
        String[] base = {
            "--ssh",
            "frappe@" + simulator.host() + ":" + simulator.sshPort(),
            "--key",
            privateKey.toString(),
            "--known-hosts",
            knownHosts.toString(),
            "--bench-folder",
            BENCH_FOLDER,
            "--reload-command",
            RELOAD
        };
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Override
    public void close() {
        simulator.close();
    }
}
