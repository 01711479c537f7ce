package io.benchline.provisioner;

import io.benchline.events.TenantRequested;
import io.benchline.platform.kafka.EventPublisher;
import io.benchline.platform.secrets.Keysets;
import io.benchline.schemas.Topic;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import io.benchline.testing.TopicDump;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (not a test): 200 TenantRequested at once, 3 simulated hosts x 4 slots, new-site a steady
 * {@code duration}. Prints drain time against the ideal (200 x duration / 12) and slot utilization. Goal: utilization
 * at least 95% and drain within 5% of ideal. Run from the repository root: {@code bench/run burst-drain [newSiteMillis]}.
 */
public final class BurstDrainBenchmark {

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    public static void main(String[] args) throws Exception {
        int tenants = 200;
        int hosts = 3;
        int slots = 4;
        Duration newSite = Duration.ofMillis(args.length > 0 ? Long.parseLong(args[0]) : 2000);
        // -Dbench.time-scale=0: commands cost nothing, so the drain shows how long a run holds its slot by itself
        double timeScale = Double.parseDouble(System.getProperty("bench.time-scale", "1"));
        Path folder = Files.createTempDirectory("burst-benchmark");
        List<SimulatedBenchHost> benchHosts = new ArrayList<>();
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < hosts; i++) {
            SimulatedBenchHost host = SimulatedBenchHost.start(
                    folder.resolve("bench-" + i),
                    b -> b.timeScale(timeScale).newSiteDuration(newSite).installAppDuration(Duration.ZERO));
            benchHosts.add(host);
            properties.putAll(host.properties(i, "bench-" + i, slots));
        }
        properties.put("logging.level.io.benchline", "WARN");
        try (RunningProvisioner provisioner =
                RunningProvisioner.start("burst-" + UUID.randomUUID(), Keysets.generateJson(), properties)) {
            EventPublisher publisher = provisioner.bean(EventPublisher.class);
            List<TenantRequested> requests = new ArrayList<>();
            for (int i = 0; i < tenants; i++) {
                requests.add(Requests.forSubdomain(Requests.subdomain("burst")));
            }
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            List<CompletableFuture<?>> sent = new ArrayList<>();
            requests.forEach(r -> sent.add(publisher.publish(r)));
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            java.util.Set<UUID> wanted = new java.util.HashSet<>();
            requests.forEach(r -> wanted.add(r.getTenantId()));
            while (!TopicDump.tenants(Topic.SITE_PROVISIONED).containsAll(wanted)) {
                // each call reads the topic afresh (tens of ms): no busy loop stealing the workers' CPU
            }
            double drain = (System.nanoTime() - start) / 1e9;
            // This JVM holds the broker, the simulated hosts and the provisioner: less sensitive to a busy machine
            // than the drain's wall time.
            double cpuPerTenant = (processCpuNanos() - cpuStart) / 1e6 / tenants;
            double ideal = tenants * newSite.toMillis() / 1000.0 / (hosts * slots);
            MeterRegistry meters = provisioner.bean(MeterRegistry.class);
            double busySeconds = meters.find("provisioner.step").timers().stream()
                    .mapToDouble(t -> t.totalTime(TimeUnit.NANOSECONDS) / 1e9)
                    .sum();
            double newSiteSeconds = meters.find("provisioner.step").tag("step", "CREATE_SITE").timers().stream()
                    .mapToDouble((Timer t) -> t.totalTime(TimeUnit.NANOSECONDS) / 1e9)
                    .sum();
            System.out.printf(
                    "burst drain: %d tenants, %d hosts x %d slots, new-site %d ms: drain %.2f s, ideal %.2f s"
                            + " (%.1f%% over ideal); slot utilization (steps running / slot-time) %.1f%%;"
                            + " CREATE_SITE share %.1f%%; slot held per tenant %.0f ms (time scale %s);"
                            + " CPU per tenant (broker, hosts and provisioner) %.1f ms%n",
                    tenants,
                    hosts,
                    slots,
                    newSite.toMillis(),
                    drain,
                    ideal,
                    100 * (drain - ideal) / ideal,
                    100 * busySeconds / (hosts * slots * drain),
                    100 * newSiteSeconds / (hosts * slots * drain),
                    1000 * drain * hosts * slots / tenants,
                    timeScale,
                    cpuPerTenant);
        } finally {
            benchHosts.forEach(SimulatedBenchHost::close);
        }
        System.exit(0);
    }
}
