package io.benchline.provisioner;

import io.benchline.platform.secrets.Keysets;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The set-up most provisioner test classes share, as a JUnit extension: one simulated bench host
 * ({@code bench-1}, 2 slots) and one provisioner on it with its own ledger and site-credentials keyset, started
 * before the class's tests and stopped after them. Register it with
 * {@code @RegisterExtension static final ProvisionerOnBenchHost running = new ProvisionerOnBenchHost("name");}.
 */
final class ProvisionerOnBenchHost implements BeforeAllCallback, AfterAllCallback {

    private final String name;
    private final String keyset = Keysets.generateJson();
    private final OneBenchHost bench;
    private RunningProvisioner provisioner;

    /** @param name names the consumer group and ledger, e.g. {@code provisioner-it} */
    ProvisionerOnBenchHost(String name) {
        this.name = name;
        this.bench = new OneBenchHost(name);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        bench.beforeAll(context);
        provisioner = RunningProvisioner.start(
                name + "-" + UUID.randomUUID(), keyset, bench.host().properties(0, "bench-1", 2));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (provisioner != null) {
            provisioner.close();
        }
        bench.afterAll(context);
    }

    SimulatedBenchHost host() {
        return bench.host();
    }

    RunningProvisioner provisioner() {
        return provisioner;
    }

    /** The site-credentials keyset the provisioner seals with. */
    String keyset() {
        return keyset;
    }
}
