package io.benchline.localstack;

import io.benchline.events.SignupCompleted;
import io.benchline.events.StageDurations;
import io.benchline.schemas.AvroEventDeserializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Drives N signups at a fixed concurrency through a running stack and measures, per signup, the time from sending
 * {@code POST /api/signups} to {@code SignupCompleted} appearing on Kafka; plus throughput and each process's CPU
 * time and memory over the run. Loopback only; bounded in count and time.
 */
final class PipelineBenchmark {

    private static final Pattern TENANT_ID = Pattern.compile("\"tenantId\":\"([0-9a-f-]{36})\"");
    private static final Duration RUN_LIMIT = Duration.ofMinutes(10);

    private final LocalStack stack;
    private final int signups;
    private final int concurrency;
    private final Set<String> released = ConcurrentHashMap.newKeySet();
    private final Map<String, StageDurations> stages = new ConcurrentHashMap<>();

    PipelineBenchmark(LocalStack stack, int signups, int concurrency) {
        this.stack = stack;
        this.signups = signups;
        this.concurrency = concurrency;
    }

    String run() throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> completedAt = new ConcurrentHashMap<>();
        AtomicInteger rejected = new AtomicInteger();
        Map<String, ProcessUsage> before = usage();

        try (KafkaConsumer<String, SpecificRecord> completions = completionsConsumer()) {
            HttpClient http = HttpClient.newBuilder().build();
            Semaphore inFlight = new Semaphore(concurrency);
            String run = Long.toString(System.currentTimeMillis() % 100_000, 36);
            long start = System.nanoTime();
            long deadline = start + RUN_LIMIT.toNanos();
            for (int i = 0; i < signups; i++) {
                String subdomain = "bench-" + run + "-" + i;
                while (!inFlight.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                    drain(completions, completedAt);
                    releaseCompleted(sentAt, completedAt, inFlight);
                }
                // A slot frees when its signup completes (or is refused), so `concurrency` signups are in flight
                // from POST to SignupCompleted; POSTs go out concurrently, as from many browsers.
                long sent = System.nanoTime();
                http.sendAsync(post(subdomain), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((response, error) -> {
                            Matcher id = response == null ? null : TENANT_ID.matcher(response.body());
                            if (response == null || response.statusCode() != 202 || !id.find()) {
                                rejected.incrementAndGet();
                                inFlight.release();
                            } else {
                                sentAt.put(id.group(1), sent);
                            }
                        });
                drain(completions, completedAt);
                releaseCompleted(sentAt, completedAt, inFlight);
            }
            while (sentAt.size() + rejected.get() < signups && System.nanoTime() < deadline) {
                drain(completions, completedAt); // the last POSTs are still being answered
            }
            while (!completedAt.keySet().containsAll(sentAt.keySet()) && System.nanoTime() < deadline) {
                drain(completions, completedAt);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return report(sentAt, completedAt, rejected.get(), seconds, before, usage());
        }
    }

    private void releaseCompleted(Map<String, Long> sentAt, Map<String, Long> completedAt, Semaphore inFlight) {
        for (String tenant : completedAt.keySet()) {
            if (sentAt.containsKey(tenant) && released.add(tenant)) {
                inFlight.release();
            }
        }
    }

    private void drain(KafkaConsumer<String, SpecificRecord> consumer, Map<String, Long> completedAt) {
        long now = System.nanoTime();
        consumer.poll(Duration.ofMillis(20)).forEach(r -> {
            completedAt.putIfAbsent(r.key(), now);
            if (r.value() instanceof SignupCompleted completed) {
                stages.put(r.key(), completed.getDurations());
            }
        });
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

    private KafkaConsumer<String, SpecificRecord> completionsConsumer() {
        KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.kafkaBootstrap(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "pipeline-benchmark-" + System.nanoTime(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "latest"),
                new StringDeserializer(),
                new AvroEventDeserializer());
        consumer.subscribe(List.of("tenant.signup-completed"));
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100)); // join the group before the first signup is sent
        }
        return consumer;
    }

    private Map<String, ProcessUsage> usage() {
        Map<String, ProcessUsage> usage = new LinkedHashMap<>();
        stack.processIds().forEach((name, pid) -> usage.put(name, ProcessUsage.of(pid)));
        return usage;
    }

    private String report(
            Map<String, Long> sentAt,
            Map<String, Long> completedAt,
            int rejected,
            double seconds,
            Map<String, ProcessUsage> before,
            Map<String, ProcessUsage> after) {
        List<Double> latencies = new ArrayList<>();
        sentAt.forEach((tenant, sent) -> {
            Long done = completedAt.get(tenant);
            if (done != null) {
                latencies.add((done - sent) / 1e6);
            }
        });
        Collections.sort(latencies);
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                "signups %d at concurrency %d: %d completed, %d not completed, %d rejected, in %.1f s%n",
                signups, concurrency, latencies.size(), sentAt.size() - latencies.size(), rejected, seconds));
        out.append(String.format(
                "POST -> SignupCompleted: p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms; %.1f signups/s%n",
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
        out.append(String.format("%-26s %10s %8s %10s %10s%n", "process", "CPU s", "CPU %", "RSS MiB", "peak MiB"));
        after.forEach((name, end) -> {
            ProcessUsage start = before.getOrDefault(name, end);
            double cpu = end.cpuSeconds() - start.cpuSeconds();
            out.append(String.format(
                    "%-26s %10.1f %8.0f %10d %10d%n",
                    name, cpu, 100 * cpu / seconds, end.rssKib() / 1024, end.peakRssKib() / 1024));
        });
        return out.toString();
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
