package io.benchline.provisioner;

import io.benchline.events.SiteProvisioned;
import io.benchline.events.TenantRequested;
import io.benchline.platform.secrets.Keysets;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import io.benchline.testing.TopicDump;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (not a test): TenantRequested → SiteProvisioned on the pool path and on the cold path, one signup at a
 * time, against a simulated host with REAL per-invocation costs (time scale 1: 1.2 s per Frappe command, 0.3 s per
 * bench command) and a short new-site ({@code args[0]} ms, default 5000, instead of its real 2-6 minutes). The cold
 * figure minus the new-site duration is the cold path's fixed cost. Run from the repository root: {@code bench/run pool-claim [newSiteMillis]}.
 */
public final class PoolClaimBenchmark {

    public static void main(String[] args) throws Exception {
        Duration newSite = Duration.ofMillis(args.length > 0 ? Long.parseLong(args[0]) : 5000);
        int signups = Integer.getInteger("bench.signups", 3);
        // -Dbench.time-scale=0: every simulated command costs nothing, so only the provisioner's own overhead is left
        double timeScale = Double.parseDouble(System.getProperty("bench.time-scale", "1"));
        Path folder = Files.createTempDirectory("pool-benchmark");
        String keyset = Keysets.generateJson();
        try (SimulatedBenchHost host = SimulatedBenchHost.start(
                folder.resolve("bench-1"),
                b -> b.timeScale(timeScale).newSiteDuration(newSite).installAppDuration(Duration.ZERO))) {
            Map<String, String> properties = new HashMap<>(host.properties(0, "bench-1", 8));
            properties.put("logging.level.io.benchline", "WARN");
            properties.put("benchline.provisioner.pool.enabled", "true");
            properties.put("benchline.provisioner.pool.safety-margin", Integer.toString(signups));
            properties.put("benchline.provisioner.pool.max-per-host", Integer.toString(signups));
            properties.put("benchline.provisioner.pool.max-total", Integer.toString(signups));
            properties.put("benchline.provisioner.pool.tick", "200ms");
            String group = "pool-benchmark-" + UUID.randomUUID();
            List<Long> pooled;
            try (RunningProvisioner provisioner = RunningProvisioner.start(group, keyset, properties)) {
                MeterRegistry meters = provisioner.bean(MeterRegistry.class);
                long warm = System.nanoTime();
                while (meters.find("benchline.pool.standbys")
                                .tag("state", "ready")
                                .gauge()
                                .value()
                        < signups) {
                    TimeUnit.MILLISECONDS.sleep(200); // a benchmark main, not a test: polling a gauge
                }
                System.out.printf(
                        "pool warmed: %d standbys ready in %.1f s%n", signups, (System.nanoTime() - warm) / 1e9);
                pooled = run(provisioner, signups);
                recordsPerSignup("pooled", group);
            }
            properties.put("benchline.provisioner.pool.enabled", "false");
            List<Long> cold;
            try (RunningProvisioner provisioner = RunningProvisioner.start(group + "-cold", keyset, properties)) {
                cold = run(provisioner, signups);
                recordsPerSignup("cold", group + "-cold");
            }
            System.out.printf(
                    "time scale %s, new-site %d ms: pooled %s ms (median %d), cold %s ms (median %d; cold minus"
                            + " new-site: %s ms)%n",
                    timeScale,
                    newSite.toMillis(),
                    pooled,
                    median(pooled),
                    cold,
                    median(cold),
                    cold.stream().map(c -> c - newSite.toMillis()).toList());
        }
        System.exit(0); // the in-JVM broker's threads would keep the JVM (and bench/run) alive
    }

    private static final List<UUID> TENANTS = new ArrayList<>();

    /**
     * Records per signup of this path's tenants, by topic: the ledger and progress entries keyed by the tenant, and the
     * pool log's records naming it (demand, claim). The pool log's version readings name no tenant: counted per signup
     * over the run. Then the tenants are forgotten for the next path.
     */
    private static void recordsPerSignup(String path, String group) {
        List<String> tenants = TENANTS.stream().map(UUID::toString).toList();
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (TopicDump.RawRecord r : TopicDump.all(io.benchline.testing.KafkaTestBroker.bootstrapServers())) {
            String key = r.key() == null ? "" : new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
            String value = r.value() == null ? "" : new String(r.value(), java.nio.charset.StandardCharsets.ISO_8859_1);
            boolean ours = tenants.stream().anyMatch(t -> key.contains(t) || value.contains(t));
            if (r.topic().equals("provisioner.ledger." + group) && ours
                    || r.topic().equals("tenant.provisioning-progress") && ours
                    || r.topic().equals("provisioner.standby." + group) && ours) {
                counts.merge(r.topic().replace("." + group, ""), 1, Integer::sum);
            }
        }
        StringBuilder line = new StringBuilder(path + " records per signup:");
        counts.forEach((topic, n) -> line.append(String.format(" %s %.1f", topic, n / (double) tenants.size())));
        System.out.println(line);
        TENANTS.clear();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static List<Long> run(RunningProvisioner provisioner, int signups) throws InterruptedException {
        List<Long> took = new ArrayList<>();
        for (int i = 0; i < signups; i++) {
            TenantRequested request = Requests.forSubdomain(Requests.subdomain("bench"));
            TENANTS.add(request.getTenantId());
            long start = System.nanoTime();
            Requests.send(provisioner, request);
            while (TopicDump.events(SiteProvisioned.class, request.getTenantId())
                    .isEmpty()) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            took.add((System.nanoTime() - start) / 1_000_000);
        }
        return took;
    }
}
