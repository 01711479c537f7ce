package io.benchline.provisioner.hosts.checks;

import io.benchline.provisioner.hosts.BenchHost;
import io.benchline.provisioner.ssh.SshEndpoint;
import io.benchline.simulator.FrappeSimulator;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The shared simulated bench host ({@link SimulatedBenchHost}) seen as the doctor sees it: a configured
 * {@link BenchHost}, its SSH endpoint, and the command-line options of {@code HostCheckCommand}.
 */
final class SimulatedHost implements AutoCloseable {

    static final String BENCH_FOLDER = "/home/frappe/frappe-bench";
    static final String RELOAD = "sudo service nginx reload";

    final FrappeSimulator simulator;
    final Path privateKey;
    final Path knownHosts;
    private final SimulatedBenchHost fixture;

    private SimulatedHost(SimulatedBenchHost fixture) {
        this.fixture = fixture;
        this.simulator = fixture.simulator;
        this.privateKey = fixture.privateKey;
        this.knownHosts = fixture.knownHosts;
    }

    static SimulatedHost start(Path folder, UnaryOperator<FrappeSimulator.Builder> settings) {
        return new SimulatedHost(SimulatedBenchHost.start(folder, settings));
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
        fixture.close();
    }
}
