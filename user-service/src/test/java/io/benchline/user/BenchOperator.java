package io.benchline.user;

import io.benchline.simulator.BenchSsh;
import io.benchline.simulator.FrappeSimulator;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/**
 * Test code playing the provisioner's part on the simulated bench host, over real SSH with a pinned host key:
 * creates a site, generates its API keys and publishes it, as the pipeline would before {@code KeysActive}.
 */
final class BenchOperator implements AutoCloseable {

    private static final Pattern API_SECRET = Pattern.compile("\"api_secret\":\\s*\"([0-9a-f]+)\"");

    private final BenchSsh ssh;

    private BenchOperator(FrappeSimulator simulator, KeyPair key) {
        this.ssh = new BenchSsh(simulator, key);
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

    private String run(String command) {
        return ssh.run(command);
    }

    @Override
    public void close() {
        ssh.close();
    }

    record SiteKeys(String apiKey, String apiSecret) {}
}
