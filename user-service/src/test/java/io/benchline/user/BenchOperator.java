package io.benchline.user;

import io.benchline.simulator.FrappeSimulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.keyverifier.RequiredServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/**
 * Test code playing the provisioner's part on the simulated bench host, over real SSH with a pinned host key:
 * creates a site, generates its API keys and publishes it, as the pipeline would before {@code KeysActive}.
 */
final class BenchOperator implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern API_SECRET = Pattern.compile("\"api_secret\":\\s*\"([0-9a-f]+)\"");

    private final FrappeSimulator simulator;
    private final KeyPair key;
    private final SshClient client;
    private ClientSession session;

    private BenchOperator(FrappeSimulator simulator, KeyPair key) {
        this.simulator = simulator;
        this.key = key;
        this.client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(new RequiredServerKeyVerifier(simulator.hostKey()));
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.start();
    }

    static KeyPair newKey() throws GeneralSecurityException {
        return KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
    }

    static BenchOperator of(FrappeSimulator simulator, KeyPair key) {
        return new BenchOperator(simulator, key);
    }

    /** A routed site with Administrator API keys, as {@code KeysActive} describes it. */
    SiteKeys readySite(String siteName) throws IOException {
        run("bench new-site " + siteName + " --admin-password Adm1n-Only-In-Tests --install-app erpnext");
        String secret = rotateSecret(siteName);
        String apiKey = run("bench --site " + siteName
                        + " execute frappe.db.get_value --args \"['User','Administrator','api_key']\"")
                .strip()
                .replace("\"", "");
        run("bench setup nginx --yes && sudo service nginx reload");
        return new SiteKeys(apiKey, secret);
    }

    /** {@code generate_keys} again: the secret handed out before stops working. */
    String rotateSecret(String siteName) throws IOException {
        String out = run("bench --site " + siteName
                + " execute frappe.core.doctype.user.user.generate_keys --args \"['Administrator']\"");
        Matcher m = API_SECRET.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("generate_keys printed no api_secret");
        }
        return m.group(1);
    }

    /** One login, one exec channel per command, as an operator's multiplexed SSH connection would. */
    private synchronized ClientSession session() throws IOException {
        if (session == null || !session.isOpen()) {
            session = client.connect("frappe", simulator.host(), simulator.sshPort())
                    .verify(TIMEOUT)
                    .getSession();
            session.addPublicKeyIdentity(key);
            session.auth().verify(TIMEOUT);
        }
        return session;
    }

    private String run(String command) throws IOException {
        try (ChannelExec channel = session().createExecChannel(command)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(TIMEOUT);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
            Integer exit = channel.getExitStatus();
            if (exit == null || exit != 0) {
                throw new IllegalStateException("'" + command.split(" --")[0] + "' exited " + exit + ": "
                        + out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        client.stop();
    }

    record SiteKeys(String apiKey, String apiSecret) {}
}
