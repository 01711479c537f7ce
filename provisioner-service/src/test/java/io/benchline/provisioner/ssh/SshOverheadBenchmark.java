package io.benchline.provisioner.ssh;

import io.benchline.simulator.FrappeSimulator;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * Benchmark (not a test): the SSH cost of one bench command on a reused session against the simulator on loopback.
 * Goal: p50 at most 5 ms. Run from the repository root: {@code bench/run ssh-overhead [commands]}.
 */
public final class SshOverheadBenchmark {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path folder = Files.createTempDirectory("ssh-benchmark");
        try (SimulatedBenchHost host = SimulatedBenchHost.start(folder);
                SshCommandRunner runner = new SshCommandRunner(Duration.ofSeconds(10))) {
            FrappeSimulator simulator = host.simulator;
            SshEndpoint endpoint = new SshEndpoint(
                    "bench-1", simulator.host(), simulator.sshPort(), "frappe", host.privateKey, host.knownHosts, null);
            String command =
                    "cd '/home/frappe/frappe-bench' && bench --site 'nosuch.localhost' list-apps --format json";
            for (int i = 0; i < 300; i++) {
                runner.run(endpoint, command, Duration.ofSeconds(10));
            }
            long[] nanos = new long[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                runner.run(endpoint, command, Duration.ofSeconds(10));
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            System.out.printf(
                    "SSH exec on a reused session, %d commands: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    runs, ms(nanos, 0.50), ms(nanos, 0.90), ms(nanos, 0.99), nanos[runs - 1] / 1e6);
        }
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
    }
}
