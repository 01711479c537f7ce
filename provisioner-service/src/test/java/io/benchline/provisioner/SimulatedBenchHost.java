package io.benchline.provisioner;

import io.benchline.simulator.FrappeSimulator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/**
 * A Frappe simulator with a fresh ed25519 client key, its known_hosts file, and the
 * {@code benchline.provisioner.hosts[i].*} properties that point the provisioner at it.
 */
final class SimulatedBenchHost implements AutoCloseable {

    static final String DOMAIN = "localhost";

    final FrappeSimulator simulator;
    final Path privateKey;
    final Path knownHosts;

    private SimulatedBenchHost(FrappeSimulator simulator, Path privateKey, Path knownHosts) {
        this.simulator = simulator;
        this.privateKey = privateKey;
        this.knownHosts = knownHosts;
    }

    static SimulatedBenchHost start(Path folder, UnaryOperator<FrappeSimulator.Builder> settings) {
        try {
            Files.createDirectories(folder);
            KeyPair client = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
            Path privateKey = folder.resolve("id_ed25519");
            try (OutputStream out = Files.newOutputStream(privateKey)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(client, "provisioner-test", null, out);
            }
            FrappeSimulator simulator = settings.apply(FrappeSimulator.builder()
                            .authorizedKey(client.getPublic())
                            .hostKeyFile(folder.resolve("host_key"))
                            .timeScale(0)
                            .routingDelay(Duration.ZERO))
                    .start();
            Path knownHosts = folder.resolve("known_hosts");
            Files.writeString(knownHosts, simulator.knownHostsLine() + "\n");
            return new SimulatedBenchHost(simulator, privateKey, knownHosts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static SimulatedBenchHost start(Path folder) {
        return start(folder, b -> b);
    }

    /** Properties for host number {@code index} with this id and number of slots. */
    Map<String, String> properties(int index, String id, int slots) {
        String prefix = "benchline.provisioner.hosts[" + index + "].";
        Map<String, String> p = new LinkedHashMap<>();
        p.put(prefix + "id", id);
        p.put(prefix + "ssh-host", simulator.host());
        p.put(prefix + "ssh-port", Integer.toString(simulator.sshPort()));
        p.put(prefix + "ssh-user", "frappe");
        p.put(prefix + "private-key-file", privateKey.toString());
        p.put(prefix + "known-hosts-file", knownHosts.toString());
        p.put(prefix + "bench-folder", "/home/frappe/frappe-bench");
        p.put(prefix + "slots", Integer.toString(slots));
        p.put(prefix + "site-domain", DOMAIN);
        p.put(prefix + "http-base-url", simulator.httpBaseUrl());
        p.put(prefix + "publish", "true");
        p.put(prefix + "reload-command", "sudo service nginx reload");
        return p;
    }

    /** How many times a bench command line containing {@code fragment} ran for {@code site}. */
    long count(String site, String fragment) {
        return simulator.commands().stream()
                .filter(c -> c.commandLine().contains(site) && c.commandLine().contains(fragment))
                .count();
    }

    @Override
    public void close() {
        simulator.close();
    }
}
