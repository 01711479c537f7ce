package io.benchline.localstack;

import io.benchline.events.ProvisioningProgressed;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.SignupCompleted;
import io.benchline.events.StageDurations;
import io.benchline.schemas.AvroEventDeserializer;
import io.benchline.schemas.Topic;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Drives N signups through a running stack, either at a fixed concurrency (a closed loop: a new POST when one
 * completes) or as Poisson arrivals at a rate (an open loop: customers do not wait for each other), and measures,
 * per signup, the time from sending {@code POST /api/signups} to {@code SignupCompleted} appearing on Kafka, split by
 * the provisioner's path (a claimed standby or a cold build); plus throughput, the pool's hit ratio and turnover, and
 * each process's CPU time (also per completed signup) and memory over the run, and the records written to every
 * topic per completed signup ({@link TopicRecords}), where the time goes hop by hop ({@link HopLatencies})
 * and the median signup's records in order ({@link SignupTimeline}). Loopback only; bounded in count and time.
 */
final class PipelineBenchmark {

    private static final Pattern TENANT_ID = Pattern.compile("\"tenantId\":\"([0-9a-f-]{36})\"");
    private static final Pattern TOKEN = Pattern.compile("[?&]token=([^\"&]+)");
    private static final Pattern PATH = Pattern.compile("\"path\":\"(pool|cold)\"");
    /** The arrivals are the same in every run of the same rate: runs compare the system, not the dice. */
    private static final long ARRIVAL_SEED = 20261128L;
    /** Reading a run's records back is quick (thousands of records); a broker that does not answer gets this long. */
    private static final Duration READ_BACK_LIMIT = Duration.ofSeconds(30);
    /** The Kafka clients the report lists, by requests per signup (a stack has ~40). */
    private static final int CLIENTS_SHOWN = 12;
    /** The load driver's consumer: the report counts its requests apart from the pipeline's. */
    private static final String DRIVER_CLIENT_ID = "pipeline-benchmark-driver";

    /**
     * How the signups arrive: {@code concurrency} in flight at once, or Poisson arrivals at {@code arrivalRate}
     * signups per second (exactly one of the two is positive); {@code warmUp} signups go first the same way and are
     * not measured.
     */
    record Load(int signups, int concurrency, double arrivalRate, int warmUp) {

        Load {
            if (signups <= 0 || (concurrency > 0) == (arrivalRate > 0)) {
                throw new IllegalArgumentException("a load is N signups with either a concurrency or an arrival rate");
            }
            if (warmUp < 0) {
                throw new IllegalArgumentException("a warm-up is zero or more signups");
            }
        }

        String describe() {
            String shape = arrivalRate > 0
                    ? String.format("Poisson arrivals at %s signups/s (mean gap %.1f s)", arrivalRate, 1 / arrivalRate)
                    : "concurrency " + concurrency;
            return warmUp > 0 ? shape + ", after " + warmUp + " warm-up signups (not measured)" : shape;
        }
    }

    private final LocalStack stack;
    private final Load load;
    private final Duration runLimit;
    private final PrintStream progress;
    private final LoadDriverThreads driver = new LoadDriverThreads();
    private final HttpClient http = driver.httpClient();
    /**
     * Completed signups whose slot is not released yet (their 202 may arrive after their SignupCompleted): touched
     * only by the driver's loop, so each completion is looked at until released, not every completion every turn.
     */
    private final Queue<String> unreleased = new ArrayDeque<>();

    private final Map<String, StageDurations> stages = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();
    private final Set<String> built = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<String, Long> completedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> answeredAt = new ConcurrentHashMap<>();
    private final AtomicInteger rejected = new AtomicInteger();
    private Instant started;
    private Instant ended;

    PipelineBenchmark(LocalStack stack, Load load, Duration runLimit, PrintStream progress) {
        this.stack = stack;
        this.load = load;
        this.runLimit = runLimit;
        this.progress = progress;
    }

    /**
     * Runs the benchmark on the load driver's threads ({@link LoadDriverThreads}), so the report can tell their CPU
     * time from the simulator's in the same JVM.
     */
    String run(Duration warmUpLimit) throws Exception {
        try (driver) {
            return driver.call(() -> measure(warmUpLimit));
        }
    }

    private String measure(Duration warmUpLimit) throws Exception {
        StringBuilder out = new StringBuilder();
        PrometheusScrape atStart = provisionerScrape();
        awaitPool(warmUpLimit, "warmed from empty", out);
        try (KafkaConsumer<String, SpecificRecord> events = eventsConsumer()) {
            String run = Long.toString(System.currentTimeMillis() % 100_000, 36);
            if (load.warmUp() > 0) {
                // The same load first, not measured: the JVMs compile the hot paths (the local stack runs C1 only,
                // which still needs a few hundred signups), so the figures after it are the steady state a
                // long-running deployment has, not the first minutes after a start.
                progress.printf("warm-up: %d signups, not measured…%n", load.warmUp());
                long warmUpStart = System.nanoTime();
                drive("warm-" + run, load.warmUp(), events);
                out.append(String.format(
                        "warm-up: %d signups (%d completed) in %.1f s, not measured%n",
                        load.warmUp(), completedAt.size(), (System.nanoTime() - warmUpStart) / 1e9));
                forgetSignups();
                awaitPool(warmUpLimit, "refilled after the warm-up", out);
            }
            // Attaching to a JVM the first time starts its management agent (CPU in that JVM): before the CPU
            // readings, so the run's figures leave it out.
            Map<String, Long> requestsBefore = brokerRequests();
            Map<ClientRequests.Client, ClientRequests.Counts> clientsBefore =
                    ClientRequests.count(stack.serviceProcessIds());
            PrometheusScrape before = provisionerScrape();
            PrometheusScrape signupBefore = PrometheusScrape.of(stack, "signup-service");
            Map<String, ProcessUsage> usageBefore = usage();
            double driverBefore = driver.cpuSeconds();
            String loadBefore = loadAverage();
            Map<TopicPartition, Long> offsetsBefore = TopicRecords.endOffsets(stack.kafkaAdminConfig());
            ClientRequests.Counts driverRequestsBefore = ClientRequests.ownClient(DRIVER_CLIENT_ID);
            started = Instant.now();
            long start = System.nanoTime();
            drive("bench-" + run, load.signups(), events);
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, ProcessUsage> usageAfter = usage();
            double driverCpu = driver.cpuSeconds() - driverBefore;
            ended = Instant.now();
            Map<String, Long> requestsAfter = brokerRequests();
            ClientRequests.Counts driverRequestsAfter = ClientRequests.ownClient(DRIVER_CLIENT_ID);
            Map<ClientRequests.Client, ClientRequests.Counts> clientsAfter =
                    ClientRequests.count(stack.serviceProcessIds());
            Map<TopicPartition, Long> offsetsAfter = TopicRecords.endOffsets(stack.kafkaAdminConfig());
            int completed = latencies(sentAt.keySet()).size();
            out.append(report(seconds));
            out.append(statusViewReport(signupBefore, PrometheusScrape.of(stack, "signup-service")));
            out.append(poolReport(paths(), atStart, before, provisionerScrape()));
            out.append(usageReport(seconds, completed, usageBefore, usageAfter, driverCpu));
            out.append(TopicRecords.report(
                    stack.kafkaAdminConfig(), offsetsBefore, offsetsAfter, READ_BACK_LIMIT, completed));
            out.append(BrokerRequests.report(requestsBefore, requestsAfter, completed));
            if (completed > 0) {
                out.append(String.format(
                        "  of which the load driver's consumer: %.1f requests per signup (%.1f Fetch);"
                                + " the broker's work for them is in kafka's CPU%n",
                        (driverRequestsAfter.requests() - driverRequestsBefore.requests()) / completed,
                        (driverRequestsAfter.items() - driverRequestsBefore.items()) / completed));
            }
            out.append(ClientRequests.report(clientsBefore, clientsAfter, completed, CLIENTS_SHOWN));
            out.append(BenchHostWork.report(stack.simulator(), started, ended, completed));
            out.append(HopLatencies.of(
                    stack.kafkaAdminConfig(), offsetsBefore, offsetsAfter, driverTimes(), READ_BACK_LIMIT));
            out.append(medianTimeline(offsetsBefore, offsetsAfter));
            out.append(String.format(
                    "machine load average (1, 5, 15 min): %s at the first signup, %s at the end; %d cores%n",
                    loadBefore, loadAverage(), Runtime.getRuntime().availableProcessors()));
            return out.toString();
        }
    }

    /** With the pool on, waits until it is at its target (the first time: built from empty). */
    private void awaitPool(Duration limit, String when, StringBuilder out) throws InterruptedException {
        if (!stack.pool()) {
            return;
        }
        progress.println("waiting for the standby pool, " + when + "…");
        Duration warm = PoolState.awaitWarm(stack, limit, progress::println);
        String line = String.format(
                "pool %s after %.1f s (%s)%n",
                when, warm.toMillis() / 1e3, PoolState.of(stack).describe());
        out.append(line);
        progress.print(line);
    }

    /** Sends {@code signups} signups in the load's shape and returns once all completed (or the run limit passed). */
    private void drive(String prefix, int signups, KafkaConsumer<String, SpecificRecord> events)
            throws InterruptedException {
        long deadline = System.nanoTime() + runLimit.toNanos();
        if (load.arrivalRate() > 0) {
            sendAtPoissonArrivals(prefix, signups, events, deadline);
        } else {
            sendAtConcurrency(prefix, signups, events);
        }
        while (sentAt.size() + rejected.get() < signups && System.nanoTime() < deadline) {
            drain(events); // the last POSTs are still being answered
        }
        while (!completedAt.keySet().containsAll(sentAt.keySet()) && System.nanoTime() < deadline) {
            drain(events);
        }
    }

    /** After the warm-up: its signups count nowhere (a straggler's late completion has no send time, so no figure). */
    private void forgetSignups() {
        List.of(sentAt, completedAt, answeredAt, stages, tokens).forEach(Map::clear);
        List.of(claimed, built).forEach(Set::clear);
        unreleased.clear();
        rejected.set(0);
    }

    private void sendAtConcurrency(String prefix, int signups, KafkaConsumer<String, SpecificRecord> events)
            throws InterruptedException {
        Semaphore inFlight = new Semaphore(load.concurrency());
        for (int i = 0; i < signups; i++) {
            // Never block on the semaphore: a SignupCompleted that arrived meanwhile would be stamped late (the poll
            // returns as soon as a record arrives, so the loop is what times the completion).
            while (!inFlight.tryAcquire()) {
                drain(events);
                releaseCompleted(inFlight);
            }
            // A slot frees when its signup completes (or is refused), so `concurrency` signups are in flight
            // from POST to SignupCompleted; POSTs go out concurrently, as from many browsers.
            send(prefix + "-" + i, inFlight::release);
            drain(events);
            releaseCompleted(inFlight);
        }
    }

    /**
     * An open loop: exponentially distributed gaps with mean 1/rate, whatever the system does meanwhile (a slow
     * system gets a queue, as it would from real customers). The first signup goes out at once.
     */
    private void sendAtPoissonArrivals(
            String prefix, int signups, KafkaConsumer<String, SpecificRecord> events, long deadline) {
        SplittableRandom random = new SplittableRandom(ARRIVAL_SEED);
        long next = System.nanoTime();
        for (int i = 0; i < signups && System.nanoTime() < deadline; i++) {
            while (System.nanoTime() < next) {
                drain(events, Duration.ofNanos(Math.min(next - System.nanoTime(), 100_000_000L)));
            }
            send(prefix + "-" + i, () -> {});
            if ((i + 1) % 10 == 0 || i + 1 == signups) {
                progress.printf("%d of %d signups sent, %d completed%n", i + 1, signups, completedAt.size());
            }
            double gapSeconds = -Math.log(1 - random.nextDouble()) / load.arrivalRate();
            next += (long) (gapSeconds * 1e9);
        }
    }

    private void send(String subdomain, Runnable onRefused) {
        long sent = System.nanoTime();
        http.sendAsync(post(subdomain), HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            Matcher id = response == null ? null : TENANT_ID.matcher(response.body());
            if (response == null || response.statusCode() != 202 || !id.find()) {
                rejected.incrementAndGet();
                onRefused.run();
            } else {
                Matcher token = TOKEN.matcher(response.body());
                if (token.find()) {
                    tokens.put(id.group(1), token.group(1));
                }
                sentAt.put(id.group(1), sent);
                answeredAt.put(id.group(1), System.nanoTime());
            }
        });
    }

    private void releaseCompleted(Semaphore inFlight) {
        for (Iterator<String> waiting = unreleased.iterator(); waiting.hasNext(); ) {
            if (sentAt.containsKey(waiting.next())) {
                waiting.remove();
                inFlight.release();
            }
        }
    }

    private void drain(KafkaConsumer<String, SpecificRecord> consumer) {
        drain(consumer, Duration.ofMillis(20));
    }

    private void drain(KafkaConsumer<String, SpecificRecord> consumer, Duration wait) {
        var records = consumer.poll(wait);
        long now = System.nanoTime();
        records.forEach(r -> {
            if (r.value() instanceof SignupCompleted completed) {
                if (completedAt.putIfAbsent(r.key(), now) == null) {
                    unreleased.add(r.key());
                }
                stages.put(r.key(), completed.getDurations());
            } else if (r.value() instanceof ProvisioningProgressed step) {
                if (step.getStep() == ProvisioningStep.CLAIM_STANDBY) {
                    claimed.add(r.key());
                } else if (step.getStep() == ProvisioningStep.CREATE_SITE) {
                    built.add(r.key());
                }
            }
        });
    }

    /**
     * Each completed signup's path: what signup-service's status says ({@code path}), else what the progress events
     * showed (a claim and no site built for it is the pool; a fallback after a failed claim builds, so it is cold).
     */
    private Map<String, String> paths() {
        Map<String, String> paths = new LinkedHashMap<>();
        for (String tenant : sentAt.keySet()) {
            if (!completedAt.containsKey(tenant)) {
                continue;
            }
            String path = statusPath(tenant);
            if (path == null) {
                path = claimed.contains(tenant) && !built.contains(tenant) ? "pool" : "cold";
            }
            paths.put(tenant, path);
        }
        return paths;
    }

    private String statusPath(String tenant) {
        String token = tokens.get(tenant);
        if (token == null) {
            return null;
        }
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(stack.signupUrl() + "/api/signups/" + tenant))
                            .header("Authorization", "Bearer " + token)
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher path = PATH.matcher(response.body());
            return response.statusCode() == 200 && path.find() ? path.group(1) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private HttpRequest post(String subdomain) {
        String body = """
                {"organization": "Bench %s", "subdomain": "%s", "email": "owner@%s.example",
                 "firstName": "Bench", "lastName": "Mark", "password": "Quartz-Lantern-Plover-77"}""".formatted(subdomain, subdomain, subdomain);
        return HttpRequest.newBuilder(URI.create(stack.signupUrl() + "/api/signups"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private KafkaConsumer<String, SpecificRecord> eventsConsumer() {
        Map<String, Object> config = new LinkedHashMap<>(stack.kafkaAdminConfig());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "pipeline-benchmark-" + System.nanoTime());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, DRIVER_CLIENT_ID);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        // What signup-service (and so the customer) sees: user-service's transaction committed.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, SpecificRecord> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new AvroEventDeserializer());
        consumer.subscribe(List.of(Topic.SIGNUP_COMPLETED.topicName(), Topic.PROVISIONING_PROGRESS.topicName()));
        while (consumer.assignment().size() < 2) {
            consumer.poll(Duration.ofMillis(100)); // join the group before the first signup is sent
        }
        return consumer;
    }

    private PrometheusScrape provisionerScrape() {
        try {
            return PrometheusScrape.of(stack, "provisioner-service");
        } catch (IllegalStateException e) {
            return new PrometheusScrape(List.of());
        }
    }

    /** Empty when the stack runs on a broker it did not start (whose JVM it does not know). */
    private Map<String, Long> brokerRequests() {
        Long broker = stack.processIds().get("kafka");
        return broker == null ? Map.of() : BrokerRequests.count(broker);
    }

    private Map<String, ProcessUsage> usage() {
        Map<String, ProcessUsage> usage = new LinkedHashMap<>();
        stack.processIds().forEach((name, pid) -> usage.put(name, ProcessUsage.of(pid)));
        return usage;
    }

    private String report(double seconds) {
        List<Double> latencies = latencies(sentAt.keySet());
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                "signups %d, %s: %d completed, %d not completed, %d rejected, in %.1f s%n",
                load.signups(),
                load.describe(),
                latencies.size(),
                sentAt.size() - latencies.size(),
                rejected.get(),
                seconds));
        out.append(String.format(
                "POST -> SignupCompleted: p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms; %.2f signups/s%n",
                percentile(latencies, 50),
                percentile(latencies, 90),
                percentile(latencies, 99),
                latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() - 1),
                latencies.size() / seconds));
        out.append(String.format(
                "where time goes (p50 of each stage, from the events' own durations): provision %.0f ms,"
                        + " verify %.0f ms, user %.0f ms, total %.0f ms%n",
                stagePercentile(StageDurations::getProvisionMillis),
                stagePercentile(StageDurations::getVerifyMillis),
                stagePercentile(StageDurations::getUserMillis),
                stagePercentile(StageDurations::getTotalMillis)));
        return out.toString();
    }

    /**
     * How late signup-service's status view (what SSE frames and the POST's answer wait for) shows each status
     * under this load: from the event's timestamp to the view, signup's own histogram over the measured run.
     */
    private static String statusViewReport(PrometheusScrape before, PrometheusScrape after) {
        String name = "signup_status_view_delay_seconds";
        return String.format(
                "signup's status view, event -> status visible (its histogram's bucket bounds): p50 <= %.0f ms,"
                        + " p99 <= %.0f ms%n",
                after.quantileSince(before, name, 0.50) * 1e3, after.quantileSince(before, name, 0.99) * 1e3);
    }

    /** The lines issue 15 asks for: latency by path, hit ratio, standbys built and recycled. */
    private String poolReport(
            Map<String, String> paths, PrometheusScrape atStart, PrometheusScrape before, PrometheusScrape after) {
        StringBuilder out = new StringBuilder();
        int pooled = 0;
        for (String path : List.of("pool", "cold")) {
            Set<String> tenants = ConcurrentHashMap.newKeySet();
            paths.forEach((tenant, p) -> {
                if (p.equals(path)) {
                    tenants.add(tenant);
                }
            });
            if (path.equals("pool")) {
                pooled = tenants.size();
            }
            List<Double> latencies = latencies(tenants);
            String name = path.equals("pool") ? "pooled" : "cold";
            if (latencies.isEmpty()) {
                out.append(name).append(": 0 signups").append(System.lineSeparator());
                continue;
            }
            out.append(String.format(
                    "%s: %d signups, p50 %.0f ms, p90 %.0f ms, p99 %.0f ms%n",
                    name,
                    latencies.size(),
                    percentile(latencies, 50),
                    percentile(latencies, 90),
                    percentile(latencies, 99)));
        }
        out.append(String.format(
                "hit ratio: %.1f %% (%d of %d completed signups claimed a standby)",
                paths.isEmpty() ? Double.NaN : 100.0 * pooled / paths.size(), pooled, paths.size()));
        if (after.has(PoolState.CLAIMS)) {
            out.append(String.format(
                    "; provisioner's claims during the run: pool %.0f, cold %.0f",
                    delta(before, after, PoolState.CLAIMS, Map.of("path", "pool")),
                    delta(before, after, PoolState.CLAIMS, Map.of("path", "cold"))));
        }
        out.append(System.lineSeparator());
        // The pool's first target knows no signup rate yet (the safety margin alone): the later half of the
        // arrivals shows the pool once it has seen the rate.
        List<String> inArrivalOrder = paths.keySet().stream()
                .sorted(java.util.Comparator.comparingLong(sentAt::get))
                .toList();
        List<String> laterHalf = inArrivalOrder.subList(inArrivalOrder.size() / 2, inArrivalOrder.size());
        long laterPooled =
                laterHalf.stream().filter(t -> paths.get(t).equals("pool")).count();
        List<Double> laterPooledLatencies = latencies(Set.copyOf(
                laterHalf.stream().filter(t -> paths.get(t).equals("pool")).toList()));
        out.append(String.format(
                "later half of the arrivals: hit ratio %.1f %% (%d of %d), pooled p50 %.0f ms, p99 %.0f ms%n",
                laterHalf.isEmpty() ? Double.NaN : 100.0 * laterPooled / laterHalf.size(),
                laterPooled,
                laterHalf.size(),
                percentile(laterPooledLatencies, 50),
                percentile(laterPooledLatencies, 99)));
        out.append(String.format(
                "standbys: %.0f built and %.0f recycled during the run; %.0f built while warming up%n",
                delta(before, after, PoolState.BUILDS, Map.of("outcome", "ready")),
                delta(before, after, PoolState.RECYCLED, Map.of()),
                delta(atStart, before, PoolState.BUILDS, Map.of("outcome", "ready"))));
        return out.toString();
    }

    private static double delta(PrometheusScrape from, PrometheusScrape to, String name, Map<String, String> labels) {
        return to.sum(name, labels) - from.sum(name, labels);
    }

    /**
     * One line per process; the launcher's line is its JVM less the load driver's threads (the simulator, the
     * launcher's log copying, the JVM's own work), and the driver gets a line of its own, so "all pipeline processes"
     * (Kafka, the five services, the simulator) leaves out what only the benchmark costs.
     */
    private static String usageReport(
            double seconds,
            int completed,
            Map<String, ProcessUsage> before,
            Map<String, ProcessUsage> after,
            double driverCpu) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                "%-26s %10s %8s %14s %10s %10s%n",
                "process", "CPU s", "CPU %", "CPU ms/signup", "RSS MiB", "peak MiB"));
        double driver = Double.isNaN(driverCpu) ? 0 : driverCpu;
        double total = 0;
        for (Map.Entry<String, ProcessUsage> entry : after.entrySet()) {
            ProcessUsage end = entry.getValue();
            ProcessUsage start = before.getOrDefault(entry.getKey(), end);
            double cpu = end.cpuSeconds() - start.cpuSeconds();
            total += cpu;
            if (entry.getKey().equals(LocalStack.LAUNCHER)) {
                cpu -= driver;
            }
            out.append(String.format(
                    "%-26s %10.1f %8.0f %14.1f %10d %10d%n",
                    entry.getKey(),
                    cpu,
                    100 * cpu / seconds,
                    1000 * cpu / completed,
                    end.rssKib() / 1024,
                    end.peakRssKib() / 1024));
        }
        out.append(String.format(
                "%-26s %10.1f %8.0f %14.1f   (threads of the benchmark's HTTP client and consumer, in the launcher)%n",
                "load driver", driverCpu, 100 * driverCpu / seconds, 1000 * driverCpu / completed));
        double pipeline = total - driver;
        out.append(String.format(
                "%-26s %10.1f %8.0f %14.1f   (Kafka, the services, the simulator: without the load driver)%n",
                "all pipeline processes", pipeline, 100 * pipeline / seconds, 1000 * pipeline / completed));
        out.append(String.format(
                "%-26s %10.1f %8.0f %14.1f   (with the load driver)%n",
                "all processes", total, 100 * total / seconds, 1000 * total / completed));
        return out.toString();
    }

    /** When the signups were sent and the last one completed: the window the profiles are read over. */
    Instant started() {
        return started;
    }

    Instant ended() {
        return ended;
    }

    /** How busy the machine was (other builds count too): the first three fields of /proc/loadavg. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The driver's times of every completed signup, on the wall clock (as record timestamps are). */
    private Map<String, HopLatencies.DriverTimes> driverTimes() {
        long nanosToMillis = System.currentTimeMillis() - System.nanoTime() / 1_000_000;
        Map<String, HopLatencies.DriverTimes> times = new LinkedHashMap<>();
        sentAt.forEach((tenant, sent) -> {
            if (completedAt.containsKey(tenant)) {
                times.put(
                        tenant,
                        new HopLatencies.DriverTimes(
                                sent / 1_000_000 + nanosToMillis,
                                answeredAt.get(tenant) / 1_000_000 + nanosToMillis,
                                completedAt.get(tenant) / 1_000_000 + nanosToMillis));
            }
        });
        return times;
    }

    /** The timeline of the signup with the median latency ({@link SignupTimeline}); empty if none completed. */
    private String medianTimeline(Map<TopicPartition, Long> before, Map<TopicPartition, Long> after) {
        Map<String, HopLatencies.DriverTimes> times = driverTimes();
        List<String> byLatency = times.keySet().stream()
                .sorted(Comparator.comparingLong(
                        t -> times.get(t).completionSeen() - times.get(t).postSent()))
                .toList();
        if (byLatency.isEmpty()) {
            return "";
        }
        String median = byLatency.get((byLatency.size() - 1) / 2);
        return SignupTimeline.of(stack.kafkaAdminConfig(), before, after, median, times.get(median), READ_BACK_LIMIT);
    }

    private List<Double> latencies(Set<String> of) {
        List<Double> latencies = new ArrayList<>();
        for (String tenant : of) {
            Long sent = sentAt.get(tenant);
            Long done = completedAt.get(tenant);
            if (sent != null && done != null) {
                latencies.add((done - sent) / 1e6);
            }
        }
        Collections.sort(latencies);
        return latencies;
    }

    private double stagePercentile(ToLongFunction<StageDurations> stage) {
        List<Double> values = new ArrayList<>();
        stages.values().forEach(d -> values.add((double) stage.applyAsLong(d)));
        Collections.sort(values);
        return percentile(values, 50);
    }

    private static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
