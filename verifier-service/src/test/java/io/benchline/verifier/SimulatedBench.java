package io.benchline.verifier;

import io.benchline.simulator.BenchSsh;
import io.benchline.simulator.FrappeSimulator;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.UUID;

/**
 * The provisioner's part, played by the test over real SSH against the simulated bench host: create a site,
 * generate its keys, publish it to nginx. Host key pinned, key-only login, as the real provisioner does.
 */
final class SimulatedBench implements AutoCloseable {

    private final FrappeSimulator simulator;
    private final BenchSsh ssh;

    private SimulatedBench(KeyPair identity, FrappeSimulator simulator) {
        this.simulator = simulator;
        this.ssh = new BenchSsh(simulator, identity);
    }

    /** Starts a simulator whose commands are instant; new names answer {@code routingDelay} after a reload. */
    static SimulatedBench start() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair identity = generator.generateKeyPair();
        FrappeSimulator simulator = FrappeSimulator.builder()
                .authorizedKey(identity.getPublic())
                .timeScale(0)
                // Names unrouted until setup nginx + reload: per-site TLS server blocks (frappe-facts.md).
                .perSiteTls(true)
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
        return ssh.run(command);
    }

    @Override
    public void close() throws IOException {
        ssh.close();
        simulator.close();
    }
}
