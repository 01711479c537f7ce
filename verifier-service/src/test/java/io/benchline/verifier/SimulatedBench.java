package io.benchline.verifier;

import io.benchline.simulator.FrappeSimulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.EnumSet;
import java.util.UUID;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.keyverifier.RequiredServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;

/**
 * The provisioner's part, played by the test over real SSH against the simulated bench host: create a site,
 * generate its keys, publish it to nginx. Host key pinned, key-only login, as the real provisioner does.
 */
final class SimulatedBench implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final KeyPair identity;
    private final FrappeSimulator simulator;
    private final SshClient client;

    private SimulatedBench(KeyPair identity, FrappeSimulator simulator) {
        this.identity = identity;
        this.simulator = simulator;
        this.client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(new RequiredServerKeyVerifier(simulator.hostKey()));
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.start();
    }

    /** Starts a simulator whose commands are instant; new names answer {@code routingDelay} after a reload. */
    static SimulatedBench start() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair identity = generator.generateKeyPair();
        FrappeSimulator simulator = FrappeSimulator.builder()
                .authorizedKey(identity.getPublic())
                .timeScale(0)
                .start();
        return new SimulatedBench(identity, simulator);
    }

    FrappeSimulator simulator() {
        return simulator;
    }

    /** {@code http://<site>:<simulator port>}: the site's name stays in the URL, so routing is by Host header. */
    String siteUrl(String site) {
        return "http://" + site + ":" + simulator.httpPort();
    }

    void newSite(String site) {
        run("bench new-site " + site + " --admin-password " + UUID.randomUUID() + " --install-app erpnext");
    }

    /** Every call rotates the secret, as on a real bench. */
    String generateKeys(String site) {
        String out = run("bench --site " + site
                + " execute frappe.core.doctype.user.user.generate_keys --args \"['Administrator']\"");
        return out.replaceAll("(?s).*\"api_secret\":\\s*\"([0-9a-f]+)\".*", "$1");
    }

    String apiKey(String site) {
        String out = run(
                "bench --site " + site + " execute frappe.db.get_value --args \"['User','Administrator','api_key']\"");
        return out.trim().replace("\"", "");
    }

    void publishSites() {
        run("bench setup nginx && sudo service nginx reload");
    }

    private String run(String command) {
        try (ClientSession session = client.connect("frappe", simulator.host(), simulator.sshPort())
                .verify(TIMEOUT)
                .getSession()) {
            session.addPublicKeyIdentity(identity);
            session.auth().verify(TIMEOUT);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (ChannelExec channel = session.createExecChannel(command)) {
                channel.setOut(out);
                channel.setErr(err);
                channel.open().verify(TIMEOUT);
                channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
                Integer exit = channel.getExitStatus();
                if (exit == null || exit != 0) {
                    throw new IllegalStateException("'" + command.split(" ")[1] + "...' exited " + exit + ": "
                            + out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
                }
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("ssh to the simulated bench failed", e);
        }
    }

    @Override
    public void close() throws IOException {
        client.stop();
        simulator.close();
    }
}
