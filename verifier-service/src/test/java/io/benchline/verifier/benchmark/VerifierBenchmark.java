package io.benchline.verifier.benchmark;

import ch.qos.logback.classic.Level;
import io.benchline.events.SecretPurpose;
import io.benchline.events.SiteProvisioned;
import io.benchline.platform.secrets.Keysets;
import io.benchline.platform.secrets.SecretSealer;
import io.benchline.platform.secrets.SecretSealers;
import io.benchline.platform.secrets.SecretsProperties;
import io.benchline.platform.sites.SiteAddressPolicy;
import io.benchline.platform.sites.SiteConnectionProperties;
import io.benchline.platform.sites.SiteWebClients;
import io.benchline.schemas.TrustedAvroPackages;
import io.benchline.verifier.SealedEvents;
import io.benchline.verifier.probe.JitteredBackoff;
import io.benchline.verifier.probe.ProbeSchedule;
import io.benchline.verifier.probe.SiteApiClient;
import io.benchline.verifier.probe.SiteVerifier;
import io.benchline.verifier.system.VerifierProperties;
import io.benchline.verifier.verification.Verifications;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Feeds SiteProvisioned events for simulated sites that become reachable after a random delay (uniform 0-10 s)
 * through the verifier's real pipeline (sealed credentials, {@link Verifications}, the platform's WebClient, real
 * loopback HTTP) and prints, side by side, Benchline's schedule against the original design's fixed one; then
 * 5,000 sites in flight at once. Kafka is replaced by in-memory ports: this measures the schedule and the probe
 * pipeline, not the broker.
 *
 * <p>Run from the repository root: {@code bench/run verifier [sitesPerSchedule] [inFlight]}.
 */
public final class VerifierBenchmark {

    private static final Duration MAX_REACHABLE_AFTER = Duration.ofSeconds(10);
    private static final String KEYSET = Keysets.generateJson();

    private final SecretSealers sealers = new SecretSealers(new SecretsProperties(
            Map.of(SecretPurpose.SITE_CREDENTIALS, new SecretsProperties.KeysetSource(null, KEYSET))));
    private final SecretSealer sealer = sealers.forPurpose(SecretPurpose.SITE_CREDENTIALS);
    private final SiteWebClients sites = new SiteWebClients(new SiteConnectionProperties(
            Map.of("*.bench.test", "127.0.0.1"),
            true,
            Duration.ofSeconds(2),
            Duration.ofSeconds(10),
            java.util.List.of("bench.test")));
    private final SplittableRandom random = new SplittableRandom(2026);

    public static void main(String[] args) throws Exception {
        // Events are built here without the Kafka serde, which is what otherwise trusts their package (Avro 1.12).
        TrustedAvroPackages.register();
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.benchline")).setLevel(Level.ERROR);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("reactor")).setLevel(Level.ERROR);
        int perSchedule = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        new VerifierBenchmark().run(perSchedule, inFlight);
        System.exit(0);
    }

    private void run(int perSchedule, int inFlight) throws Exception {
        try (ReachableLater target = new ReachableLater(Duration.ofMinutes(5))) {
            warmUp(target);
            System.out.printf(
                    Locale.ROOT,
                    "%n%d sites per schedule, fed together, each reachable after uniform 0-%d s%n",
                    perSchedule,
                    MAX_REACHABLE_AFTER.toSeconds());
            Run benchline = new Run("benchline", defaultSchedule(), target);
            Run eight = new Run("eight", eightProbeSchedule(), target);
            Run original = new Run("original", new OriginalFixedSchedule(), target);
            for (int i = 0; i < perSchedule; i++) {
                long reachableAfter = (long) (random.nextDouble() * MAX_REACHABLE_AFTER.toNanos());
                benchline.feed(reachableAfter);
                eight.feed(reachableAfter); // the same delay for each schedule: a paired comparison
                original.feed(reachableAfter);
            }
            benchline.awaitAll(Duration.ofSeconds(60));
            eight.awaitAll(Duration.ofSeconds(60));
            original.awaitAll(Duration.ofSeconds(60));
            System.out.println("| schedule | sites | active | failed | reachable→KeysActive p50 | p99 | max |"
                    + " probes/site mean | max |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            benchline.printRow("Benchline default (0 s, then full jitter ≤1,2,4,4… s; ≤12 probes; 30 s)");
            eight.printRow("Benchline, 8-probe budget (full jitter ≤1,2,4,8,8… s; ≤8 probes; 30 s)");
            original.printRow("original (2 s, then 2,3,4,5,5 s; 6 probes)");

            System.out.printf(
                    Locale.ROOT,
                    "%nThe same schedules as a model (100,000 sites, probes take no time, timers are exact):%n");
            System.out.println("| schedule | reachable→KeysActive p50 | p99 | probes/site mean | sites that ran out of"
                    + " probes |");
            System.out.println("|---|---|---|---|---|");
            modelRow("Benchline default", defaultSchedule());
            modelRow("Benchline, 8-probe budget", eightProbeSchedule());
            modelRow("original", new OriginalFixedSchedule());

            System.gc();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            int threadsBefore = threads.getThreadCount();
            long heapBefore = memory.getHeapMemoryUsage().getUsed();
            threads.resetPeakThreadCount();
            AtomicLong peakHeap = new AtomicLong();
            Disposable sampler = Flux.interval(Duration.ofMillis(50), Schedulers.single())
                    .subscribe(tick -> peakHeap.accumulateAndGet(
                            memory.getHeapMemoryUsage().getUsed(), Math::max));
            Run many = new Run("many", defaultSchedule(), target);
            long start = System.nanoTime();
            for (int i = 0; i < inFlight; i++) {
                many.feed(Long.MAX_VALUE / 2); // unreachable until all are fed, so all are in flight at once
            }
            long fedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            int maxInFlight = many.inFlight();
            System.gc(); // what 5,000 waiting verifications really hold, garbage aside
            long heapInFlight = memory.getHeapMemoryUsage().getUsed();
            many.makeReachableWithin(MAX_REACHABLE_AFTER);
            many.awaitAll(Duration.ofSeconds(90));
            sampler.dispose();
            System.out.printf(
                    Locale.ROOT,
                    "%n%d sites in flight at once (Benchline schedule; fed in %d ms, %d in flight after feeding, then each"
                            + " reachable within 0-10 s)%n",
                    inFlight,
                    fedMillis,
                    maxInFlight);
            System.out.println("| live threads before | peak threads | heap before (after GC) | heap with all in flight"
                    + " (after GC) | peak heap used | decided | feed→decision p50 | p99 | max |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            List<Long> toDecision = many.feedToDecisionMillis();
            System.out.printf(
                    Locale.ROOT,
                    "| %d | %d | %d MiB | %d MiB | %d MiB | %d/%d | %s | %s | %s |%n",
                    threadsBefore,
                    threads.getPeakThreadCount(),
                    heapBefore >> 20,
                    heapInFlight >> 20,
                    peakHeap.get() >> 20,
                    toDecision.size(),
                    inFlight,
                    ms(percentile(toDecision, 50)),
                    ms(percentile(toDecision, 99)),
                    ms(toDecision.isEmpty() ? 0 : toDecision.get(toDecision.size() - 1)));
        }
    }

    /** The schedule alone: when would each probe go out, and which one first finds the site reachable. */
    private void modelRow(String name, ProbeSchedule schedule) {
        int sites = 100_000;
        List<Long> lag = new ArrayList<>(sites);
        long probes = 0;
        int ranOut = 0;
        for (int i = 0; i < sites; i++) {
            long reachable = (long) (random.nextDouble() * MAX_REACHABLE_AFTER.toMillis());
            long at = schedule.firstDelay().toMillis();
            int sent = 1;
            while (at < reachable) {
                var next = schedule.nextDelay(sent, Duration.ofMillis(at), random);
                if (next.isEmpty()) {
                    break;
                }
                at += next.get().toMillis();
                sent++;
            }
            probes += sent;
            if (at >= reachable) {
                lag.add(at - reachable);
            } else {
                ranOut++;
            }
        }
        lag.sort(null);
        System.out.printf(
                Locale.ROOT,
                "| %s | %s | %s | %.2f | %.3f %% |%n",
                name,
                ms(percentile(lag, 50)),
                ms(percentile(lag, 99)),
                probes / (double) sites,
                100.0 * ranOut / sites);
    }

    private void warmUp(ReachableLater target) throws Exception {
        Run warm = new Run("warm", defaultSchedule(), target);
        for (int i = 0; i < 200; i++) {
            warm.feed(0);
        }
        warm.awaitAll(Duration.ofSeconds(30));
    }

    /** The service's defaults, bound exactly as the service binds them. */
    private static JitteredBackoff defaultSchedule() {
        return new Binder(ConfigurationPropertySources.get(new StandardEnvironment()))
                .bindOrCreate("benchline.verifier", VerifierProperties.class)
                .schedule();
    }

    /** Full jitter held to the original budget of about 6-8 probes: a longer cap, fewer probes, a longer tail. */
    private static JitteredBackoff eightProbeSchedule() {
        return new JitteredBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8), 2.0, 8, Duration.ofSeconds(30));
    }

    /** One schedule's verifier fed with sites; outcomes land in memory with their timestamps. */
    private final class Run {
        private final String label;
        private final ReachableLater target;
        private final Verifications verifications;
        private final Map<UUID, Fed> fed = new ConcurrentHashMap<>();
        private final Map<UUID, Long> decidedAt = new ConcurrentHashMap<>();
        private final Map<UUID, Boolean> active = new ConcurrentHashMap<>();

        private record Fed(String site, long fedAt, long reachableAt) {}

        Run(String label, ProbeSchedule schedule, ReachableLater target) {
            this.label = label;
            this.target = target;
            SiteApiClient client = new SiteApiClient(sites.webClient(), Duration.ofSeconds(5));
            SiteVerifier verifier =
                    new SiteVerifier(client::probe, schedule, 2, Schedulers.parallel(), ThreadLocalRandom::current);
            this.verifications = new Verifications(
                    verifier,
                    sealers,
                    new SiteAddressPolicy(java.util.List.of("bench.test"), true),
                    (partition, decision) -> CompletableFuture.completedFuture(null),
                    event -> {
                        long now = System.nanoTime();
                        UUID tenant = (UUID)
                                event.get(event.getSchema().getField("tenantId").pos());
                        decidedAt.put(tenant, now);
                        active.put(tenant, event instanceof io.benchline.events.KeysActive);
                        return CompletableFuture.completedFuture(null);
                    },
                    Clock.systemUTC(),
                    new SimpleMeterRegistry());
        }

        void feed(long reachableAfterNanos) {
            UUID tenant = UUID.randomUUID();
            String site = label + "-" + tenant.toString().substring(0, 13) + ".bench.test";
            long now = System.nanoTime();
            target.reachableAt(site, now + reachableAfterNanos);
            fed.put(tenant, new Fed(site, now, now + reachableAfterNanos));
            verifications.on(event(tenant, site, target.port()), 0);
        }

        /** Each site becomes reachable after a fresh uniform delay from now. */
        void makeReachableWithin(Duration max) {
            long now = System.nanoTime();
            fed.forEach((tenant, site) -> {
                long at = now + (long) (random.nextDouble() * max.toNanos());
                target.reachableAt(site.site(), at);
                fed.put(tenant, new Fed(site.site(), site.fedAt(), at));
            });
        }

        int inFlight() {
            return fed.size() - decidedAt.size();
        }

        void awaitAll(Duration atMost) throws InterruptedException {
            long giveUp = System.nanoTime() + atMost.toNanos();
            while (decidedAt.size() < fed.size() && System.nanoTime() < giveUp) {
                TimeUnit.MILLISECONDS.sleep(100); // a benchmark's main thread, not a test
            }
        }

        List<Long> feedToDecisionMillis() {
            return decidedAt.entrySet().stream()
                    .map(e -> TimeUnit.NANOSECONDS.toMillis(
                            e.getValue() - fed.get(e.getKey()).fedAt()))
                    .sorted()
                    .toList();
        }

        void printRow(String name) {
            List<Long> lag = new ArrayList<>();
            long probes = 0;
            int maxProbes = 0;
            int failed = 0;
            for (var entry : fed.entrySet()) {
                int sent = target.probes(entry.getValue().site());
                probes += sent;
                maxProbes = Math.max(maxProbes, sent);
                if (Boolean.TRUE.equals(active.get(entry.getKey()))) {
                    lag.add(TimeUnit.NANOSECONDS.toMillis(
                            decidedAt.get(entry.getKey()) - entry.getValue().reachableAt()));
                } else {
                    failed++;
                }
            }
            lag.sort(null);
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %d | %d | %d | %s | %s | %s | %.2f | %d |%n",
                    name,
                    fed.size(),
                    lag.size(),
                    failed,
                    ms(percentile(lag, 50)),
                    ms(percentile(lag, 99)),
                    ms(lag.isEmpty() ? 0 : lag.get(lag.size() - 1)),
                    probes / (double) fed.size(),
                    maxProbes);
        }
    }

    private SiteProvisioned event(UUID tenant, String site, int port) {
        return SealedEvents.siteProvisioned(sealer, tenant, site, "http://" + site + ":" + port);
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static String ms(long millis) {
        return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }
}
