package io.benchline.signup.bench;

import io.benchline.events.ProvisioningProgressed;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.StepPhase;
import io.benchline.platform.ports.FreePorts;
import io.benchline.platform.secrets.Keysets;
import io.benchline.schemas.AvroEventSerializer;
import io.benchline.schemas.SampleEvents;
import io.benchline.schemas.Topic;
import io.benchline.testing.KafkaTestBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Runs the packaged service as its own process (by default as deploy/ runs it: G1, here -Xmx512m) against an
 * in-JVM broker, then: POSTs N signups (throughput, service CPU), opens one SSE stream per signup (heap after GC,
 * RSS), and publishes progress events (first a warm-up round to other streams, not measured), timing each from the
 * broker's acknowledgement to the frame reaching its stream (p50/p99/max), with the service's GC pauses and the CPU
 * of both processes meanwhile. Run from the repository root: {@code bench/run signup [-Dbench.streams=N]
 * [-Dbench.events=N] [-Dbench.warm-up-events=N] [-Dbench.events-per-second=N] [-Dbench.commit-interval-ms=N]
 * [-Dbench.service-jvm=-Xmx512m,-XX:+UseSerialGC]}.
 */
public final class SignupBenchmark {

    /**
     * The pace of the progress events, a steady load rather than one burst. Default 330/s: what the earlier "sleep
     * 2 ms between sends" gave here (2,000 events in ~6 s), so figures stay comparable.
     */
    private static final long EVENT_GAP_NANOS = 1_000_000_000L / Integer.getInteger("bench.events-per-second", 330);

    public static void main(String[] args) throws Exception {
        int streams = Integer.getInteger("bench.streams", 10_000);
        int events = Integer.getInteger("bench.events", 2_000);
        int warmUpEvents = Integer.getInteger("bench.warm-up-events", 2_000);
        // Unset: the service's own commit interval (application.yml), which is what customers get.
        String commitInterval = System.getProperty("bench.commit-interval-ms");
        // The collector deploy/ runs the service with (G1, named: in its 1 GiB container the JVM's ergonomics would
        // pick Serial, whose full collections with 10,000 streams took seconds); 512 MB is the issue's heap goal.
        List<String> serviceJvm = List.of(
                System.getProperty("bench.service-jvm", "-Xmx512m,-XX:+UseG1GC").split(","));
        Path jar = Path.of(System.getProperty("bench.jar", "target/signup-service-0.1.0-SNAPSHOT.jar"));
        Path work = Files.createTempDirectory("signup-bench");
        String bootstrap = KafkaTestBroker.bootstrapServers();
        Path keyset = Files.writeString(work.resolve("keyset.json"), Keysets.generateJson());
        Path gcLog = work.resolve("gc.log");
        int port = FreePorts.take();
        int managementPort = FreePorts.take();

        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(serviceJvm);
        command.add("-Xlog:gc:file=" + gcLog);
        command.addAll(List.of(
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--spring.kafka.streams.state-dir=" + work.resolve("state"),
                "--benchline.secrets.keysets.customer-password.file=" + keyset,
                "--benchline.signup.stream-access.token-key=" + randomKey(),
                "--benchline.signup.rate-limit.capacity=1000000",
                "--benchline.signup.rate-limit.global-capacity=1000000",
                "--benchline.signup.max-in-flight=1000000",
                // Every stream comes from this one address, and there are more than the default instance cap.
                "--benchline.signup.streams.max-per-client=1000000",
                "--benchline.signup.streams.max-per-instance=1000000",
                "--logging.level.root=WARN"));
        // Extra service properties for experiments, e.g. -Dbench.service-args=--benchline.signup.heartbeat=1h
        String extra = System.getProperty("bench.service-args", "");
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.split(",")));
        }
        if (commitInterval != null) {
            command.add("--spring.kafka.streams.properties.commit.interval.ms=" + commitInterval);
        }
        Process service = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("service.log").toFile())
                .start();
        System.out.printf(
                "service JVM %s, commit.interval.ms %s%n",
                serviceJvm, commitInterval == null ? "the service's own (application.yml)" : commitInterval);
        int exitCode = 0;
        try {
            run(
                    service.pid(),
                    "http://127.0.0.1:" + port,
                    "http://127.0.0.1:" + managementPort,
                    bootstrap,
                    streams,
                    events,
                    warmUpEvents,
                    gcLog);
        } catch (RuntimeException e) {
            e.printStackTrace();
            exitCode = 1;
        } finally {
            service.destroy();
            service.waitFor(20, TimeUnit.SECONDS);
        }
        // Exits even when the run failed: the in-JVM broker's and the clients' threads would keep the JVM waiting.
        System.exit(exitCode);
    }

    private static void run(
            long pid,
            String base,
            String management,
            String bootstrap,
            int streams,
            int events,
            int warmUpEvents,
            Path gcLog)
            throws Exception {
        ConnectionProvider pool = ConnectionProvider.builder("bench")
                .maxConnections(streams + 512)
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(Duration.ofMinutes(2))
                .build();
        HttpClient http = HttpClient.create(pool).runOn(LoopResources.create("bench", 2, true));
        WebClient web = WebClient.builder()
                .baseUrl(base)
                .clientConnector(new ReactorClientHttpConnector(http))
                // The Prometheus scrape read for the view-delay histogram is several hundred KB (Streams metrics).
                .codecs(c -> c.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
                .build();
        awaitHealthy(web, management);
        System.out.printf("service pid %d on %s%n", pid, base);

        for (int attempt = 0; attempt < 60; attempt++) {
            var warm = web.get()
                    .uri("/api/subdomains/warm-up")
                    .retrieve()
                    .toBodilessEntity()
                    .onErrorResume(e -> reactor.core.publisher.Mono.empty())
                    .block(Duration.ofSeconds(5));
            Map<String, Object> first = web.post()
                    .uri("/api/signups")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of(
                            "organization",
                            "Warm Up",
                            "email",
                            "warm@example.com",
                            "fullName",
                            "Ada Lovelace",
                            "password",
                            "Quartz-lantern-meadow-57-orbit"))
                    .retrieve()
                    .bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {})
                    .onErrorResume(e -> reactor.core.publisher.Mono.empty())
                    .block(Duration.ofSeconds(15));
            if (first != null && warm != null) {
                break;
            }
        }

        // 1. POST throughput
        double cpuBefore = cpuSeconds(pid);
        long start = System.nanoTime();
        List<Map<String, Object>> accepted = Flux.range(0, streams)
                .flatMap(
                        i -> web.post()
                                .uri("/api/signups")
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of(
                                        "organization", "Bench " + i,
                                        "subdomain",
                                                "bench-" + i + "-"
                                                        + UUID.randomUUID()
                                                                .toString()
                                                                .substring(0, 6),
                                        "email", "bench" + i + "@example.com",
                                        "fullName", "Ada Lovelace",
                                        "password", "Quartz-lantern-meadow-57-orbit"))
                                .retrieve()
                                .bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {})
                                .retry(2) // a 503 (claim not decided in time) is retried, as a client would
                                .onErrorResume(e -> reactor.core.publisher.Mono.empty()),
                        256)
                .collectList()
                .block(Duration.ofMinutes(10));
        double postSeconds = (System.nanoTime() - start) / 1e9;
        double cpu = cpuSeconds(pid) - cpuBefore;
        System.out.printf(
                "POST /api/signups: %d in %.1f s = %.0f signups/s; service CPU %.1f s (%.0f%% of one core, %.2f ms CPU per signup)%n",
                accepted.size(),
                postSeconds,
                accepted.size() / postSeconds,
                cpu,
                100 * cpu / postSeconds,
                1000 * cpu / accepted.size());

        // 2. open one stream per signup, at most 128 connecting at once (a burst of 10,000 connects overflows the
        // listen backlog, which measures the kernel, not the service); a refused connect is retried, as EventSource
        // would. The client reads raw bytes and stamps a frame when its last chunk arrives: no SSE codec, no
        // Jackson, so the client's own work stays small next to the service's.
        Map<String, Long> arrivals = new ConcurrentHashMap<>();
        HttpClient streamClient = http.baseUrl(base).headers(h -> h.add("Accept", "text/event-stream"));
        long openStart = System.nanoTime();
        Long opened = Flux.fromIterable(accepted)
                .flatMap(
                        signup -> openStream(
                                        streamClient,
                                        signup.get("eventsUrl").toString(),
                                        signup.get("tenantId").toString(),
                                        arrivals)
                                .retryWhen(reactor.util.retry.Retry.backoff(5, Duration.ofMillis(200)))
                                .thenReturn(1)
                                .onErrorResume(e -> reactor.core.publisher.Mono.empty()),
                        128)
                .count()
                .block(Duration.ofMinutes(10));
        System.out.printf(
                "%d of %d SSE streams open in %.1f s; service: %s, RSS %s%n",
                opened, accepted.size(), (System.nanoTime() - openStart) / 1e9, heapAfterGc(pid), rss(pid));

        // 3. event landing on Kafka → frame at its stream; one event per tenant keeps the expected frame id known (2)
        List<String> tenants = new ArrayList<>(accepted.stream()
                .map(signup -> signup.get("tenantId").toString())
                .toList());
        java.util.Collections.shuffle(tenants, new SecureRandom());
        // Warm-up: the same kind of events to other tenants first, not measured, so the figures are the service's
        // steady state rather than its JIT compiling the event → status → frame path (as in production, where the
        // service has run for hours). -Dbench.warm-up-events=0 measures from cold.
        int warmUp = Math.min(warmUpEvents, Math.max(0, tenants.size() - events));
        if (warmUp > 0) {
            double warmSeconds =
                    publish(bootstrap, tenants.subList(events, events + warmUp), new ConcurrentHashMap<>(), arrivals);
            System.out.printf("warm-up: %d events to other streams in %.1f s, not measured%n", warmUp, warmSeconds);
        }
        Map<String, Long> landed = new ConcurrentHashMap<>();
        long gcLogStart = Files.size(gcLog);
        Map<Double, Double> viewBefore = viewDelayBuckets(web, management);
        double serviceCpuBefore = cpuSeconds(pid);
        double ownCpuBefore = cpuSeconds(ProcessHandle.current().pid());
        double eventSeconds =
                publish(bootstrap, tenants.subList(0, Math.min(events, tenants.size())), landed, arrivals);
        System.out.printf(
                "during the events (%.1f s): service CPU %.0f%% of one core, benchmark JVM (broker + clients) %.0f%%; service GC %s%n",
                eventSeconds,
                100 * (cpuSeconds(pid) - serviceCpuBefore) / eventSeconds,
                100 * (cpuSeconds(ProcessHandle.current().pid()) - ownCpuBefore) / eventSeconds,
                gcPauses(gcLog, gcLogStart));
        Map<Double, Double> viewAfter = viewDelayBuckets(web, management);
        viewAfter.replaceAll((le, count) -> count - viewBefore.getOrDefault(le, 0.0));
        double viewed = viewAfter.values().stream().mapToDouble(c -> c).max().orElse(0);
        System.out.printf(
                "the service's own part, event → status in its view (Streams commit + view fetch; histogram bucket bounds) over %.0f statuses: p50 ≤ %s ms, p99 ≤ %s ms%n",
                viewed, bucketBound(viewAfter, 0.50 * viewed), bucketBound(viewAfter, 0.99 * viewed));
        List<Long> latencies = new ArrayList<>();
        landed.forEach((key, at) -> {
            Long arrived = arrivals.get(key);
            if (arrived != null) {
                latencies.add(TimeUnit.NANOSECONDS.toMicros(arrived - at));
            }
        });
        latencies.sort(Long::compare);
        System.out.printf(
                "Kafka ack → SSE frame over %d events (%d missing): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                latencies.size(),
                landed.size() - latencies.size(),
                pct(latencies, 0.50),
                pct(latencies, 0.99),
                latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1) / 1000.0);
        System.out.printf("after events: service %s, RSS %s%n", heapAfterGc(pid), rss(pid));
    }

    /**
     * Publishes one progress event per tenant at the benchmark's pace, stamping each with its broker acknowledgement in
     * {@code landed}, and waits (at most 30 s) until every one has reached its stream; returns the seconds taken.
     */
    private static double publish(
            String bootstrap, List<String> tenants, Map<String, Long> landed, Map<String, Long> arrivals)
            throws InterruptedException {
        long start = System.nanoTime();
        long next = start;
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        0),
                new StringSerializer(),
                new AvroEventSerializer("/benchline/benchmark"))) {
            for (String tenant : tenants) {
                ProvisioningProgressed event = ProvisioningProgressed.newBuilder(
                                SampleEvents.provisioningProgressed(UUID.fromString(tenant)))
                        .setOccurredAt(Instant.now())
                        .setStep(ProvisioningStep.CHOOSE_HOST)
                        .setPhase(StepPhase.STARTED)
                        .build();
                producer.send(
                        new ProducerRecord<>(Topic.PROVISIONING_PROGRESS.topicName(), tenant, event),
                        (metadata, error) -> landed.put(tenant + "#2", System.nanoTime()));
                next += EVENT_GAP_NANOS;
                java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
            }
        }
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < waitUntil && !arrivals.keySet().containsAll(landed.keySet())) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Subscribes one stream for good and completes once its first frame has arrived. */
    private static reactor.core.publisher.Mono<Void> openStream(
            HttpClient client, String uri, String tenant, Map<String, Long> arrivals) {
        return reactor.core.publisher.Mono.create(first -> {
            FrameReader reader = new FrameReader(tenant, arrivals, first);
            client.get().uri(uri).responseContent().asString().subscribe(reader, reader::failed, reader::ended);
        });
    }

    /** Stamps each complete frame's {@code id} with the arrival of the chunk that ended it. */
    private static final class FrameReader implements java.util.function.Consumer<String> {
        private final String tenant;
        private final Map<String, Long> arrivals;
        private final reactor.core.publisher.MonoSink<Void> first;
        private final StringBuilder pending = new StringBuilder();
        private String id;
        private boolean open;

        FrameReader(String tenant, Map<String, Long> arrivals, reactor.core.publisher.MonoSink<Void> first) {
            this.tenant = tenant;
            this.arrivals = arrivals;
            this.first = first;
        }

        @Override
        public void accept(String chunk) {
            long now = System.nanoTime();
            pending.append(chunk);
            int end;
            while ((end = pending.indexOf("\n")) >= 0) {
                String line = pending.substring(0, end);
                pending.delete(0, end + 1);
                if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.isEmpty() && id != null) {
                    if (!"1".equals(id)) {
                        arrivals.put(tenant + "#" + id, now);
                    }
                    id = null;
                    if (!open) {
                        open = true;
                        first.success();
                    }
                }
            }
        }

        void failed(Throwable error) {
            if (!open) {
                first.error(error);
            }
        }

        void ended() {
            failed(new IllegalStateException("stream ended before its first frame"));
        }
    }

    /** The service's GC pauses logged since {@code from} (bytes into -Xlog:gc's file): count, total, longest. */
    private static String gcPauses(Path gcLog, long from) throws IOException {
        byte[] all = Files.readAllBytes(gcLog);
        String since = new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from));
        java.util.regex.Matcher pause =
                java.util.regex.Pattern.compile("Pause.* ([0-9.]+)ms").matcher(since);
        int count = 0;
        double total = 0;
        double longest = 0;
        while (pause.find()) {
            double ms = Double.parseDouble(pause.group(1));
            count++;
            total += ms;
            longest = Math.max(longest, ms);
        }
        return String.format("%d pauses, %.0f ms in all, longest %.1f ms", count, total, longest);
    }

    /** The cumulative buckets of the service's {@code signup.status.view.delay} histogram: bound (s) → count. */
    private static Map<Double, Double> viewDelayBuckets(WebClient web, String management) {
        String metrics = web.get()
                .uri(management + "/actuator/prometheus")
                .retrieve()
                .bodyToMono(String.class)
                .block(Duration.ofSeconds(30));
        Map<Double, Double> buckets = new java.util.TreeMap<>();
        java.util.regex.Matcher bucket = java.util.regex.Pattern.compile(
                        "(?m)^signup_status_view_delay_seconds_bucket\\{.*le=\"([^\"]+)\".*\\} (\\S+)$")
                .matcher(metrics == null ? "" : metrics);
        while (bucket.find()) {
            double bound =
                    "+Inf".equals(bucket.group(1)) ? Double.POSITIVE_INFINITY : Double.parseDouble(bucket.group(1));
            buckets.put(bound, Double.parseDouble(bucket.group(2)));
        }
        return buckets;
    }

    private static String bucketBound(Map<Double, Double> cumulative, double rank) {
        return cumulative.entrySet().stream()
                .filter(b -> b.getValue() >= rank && rank > 0)
                .findFirst()
                .map(b -> String.format("%.1f", b.getKey() * 1000))
                .orElse("?");
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.isEmpty()
                ? 0
                : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1)) / 1000.0;
    }

    /** Until the readiness group is UP, on the management port (actuator is not on the public one). */
    private static void awaitHealthy(WebClient web, String management) throws InterruptedException {
        for (int i = 0; i < 240; i++) {
            try {
                String health = web.get()
                        .uri(management + "/actuator/health/readiness")
                        .retrieve()
                        .bodyToMono(String.class)
                        .block(Duration.ofSeconds(2));
                if (health != null && health.contains("UP")) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // starting
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new IllegalStateException("service did not become healthy");
    }

    private static double cpuSeconds(long pid) throws IOException {
        String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat"))
                .split("\\) ")[1]
                .split(" ");
        return (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / 100.0; // utime + stime, in 1/100 s
    }

    private static String rss(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("VmRSS"))
                .map(l -> l.replaceAll("\\s+", " "))
                .findFirst()
                .orElse("?");
    }

    /** Heap used after a full GC, summed over the generations (Serial and Parallel list two, G1 one). */
    private static String heapAfterGc(long pid) throws IOException, InterruptedException {
        new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").start().waitFor();
        Process info = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info").start();
        String out = new String(info.getInputStream().readAllBytes());
        info.waitFor();
        java.util.regex.Matcher generation = java.util.regex.Pattern.compile(
                        "(?m)^ ?\\S.*? total (\\d+)K, used (\\d+)K")
                .matcher(out);
        long total = 0;
        long used = 0;
        while (generation.find()) {
            total += Long.parseLong(generation.group(1));
            used += Long.parseLong(generation.group(2));
        }
        return used == 0 ? out.strip() : String.format("heap after GC %d MB used of %d MB", used / 1024, total / 1024);
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
