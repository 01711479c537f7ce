package io.benchline.signup.bench;

import io.benchline.events.ProvisioningProgressed;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.StepPhase;
import io.benchline.platform.secrets.Keysets;
import io.benchline.schemas.AvroEventSerializer;
import io.benchline.schemas.SampleEvents;
import io.benchline.schemas.Topic;
import io.benchline.testing.KafkaTestBroker;
import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Runs the packaged service as its own process (-Xmx512m) against an in-JVM broker, then: POSTs N signups
 * (throughput, service CPU), opens one SSE stream per signup (heap after GC, RSS), and publishes progress events,
 * timing each from the broker's acknowledgement to the frame reaching its stream (p50/p99/max). Run from the
 * repository root: {@code bench/run signup [-Dbench.streams=N] [-Dbench.events=N] [-Dbench.commit-interval-ms=N]}.
 */
public final class SignupBenchmark {

    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE =
            new ParameterizedTypeReference<>() {};

    public static void main(String[] args) throws Exception {
        int streams = Integer.getInteger("bench.streams", 10_000);
        int events = Integer.getInteger("bench.events", 2_000);
        String commitInterval = System.getProperty("bench.commit-interval-ms", "100");
        Path jar = Path.of(System.getProperty("bench.jar", "target/signup-service-0.1.0-SNAPSHOT.jar"));
        Path work = Files.createTempDirectory("signup-bench");
        String bootstrap = KafkaTestBroker.bootstrapServers();
        Path keyset = Files.writeString(work.resolve("keyset.json"), Keysets.generateJson());
        int port = freePort();
        int managementPort = freePort();

        Process service = new ProcessBuilder(
                        "java",
                        "-Xmx512m",
                        "-XX:+UseG1GC",
                        "-jar",
                        jar.toString(),
                        "--server.port=" + port,
                        "--management.server.port=" + managementPort,
                        "--spring.kafka.bootstrap-servers=" + bootstrap,
                        "--spring.kafka.streams.state-dir=" + work.resolve("state"),
                        "--spring.kafka.streams.properties.commit.interval.ms=" + commitInterval,
                        "--benchline.secrets.keysets.customer-password.file=" + keyset,
                        "--benchline.signup.stream-access.token-key=" + randomKey(),
                        "--benchline.signup.rate-limit.capacity=1000000",
                        "--benchline.signup.rate-limit.global-capacity=1000000",
                        "--benchline.signup.max-in-flight=1000000",
                        // Every stream comes from this one address, and there are more than the default instance cap.
                        "--benchline.signup.streams.max-per-client=1000000",
                        "--benchline.signup.streams.max-per-instance=1000000",
                        "--logging.level.root=WARN")
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("service.log").toFile())
                .start();
        try {
            run(
                    service.pid(),
                    "http://127.0.0.1:" + port,
                    "http://127.0.0.1:" + managementPort,
                    bootstrap,
                    streams,
                    events,
                    commitInterval);
        } finally {
            service.destroy();
            service.waitFor(20, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    private static void run(
            long pid, String base, String management, String bootstrap, int streams, int events, String commitInterval)
            throws Exception {
        ConnectionProvider pool = ConnectionProvider.builder("bench")
                .maxConnections(streams + 512)
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(Duration.ofMinutes(2))
                .build();
        WebClient web = WebClient.builder()
                .baseUrl(base)
                .clientConnector(new ReactorClientHttpConnector(
                        HttpClient.create(pool).runOn(LoopResources.create("bench", 2, true))))
                .codecs(c -> c.defaultCodecs().maxInMemorySize(64 * 1024))
                .build();
        awaitHealthy(web, management);
        System.out.printf("service pid %d on %s, commit.interval.ms=%s%n", pid, base, commitInterval);

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

        // 2. open one stream per signup
        Map<String, Long> arrivals = new ConcurrentHashMap<>();
        CountDownLatch connected = new CountDownLatch(accepted.size());
        for (Map<String, Object> signup : accepted) {
            String tenant = signup.get("tenantId").toString();
            web.get()
                    .uri(signup.get("eventsUrl").toString())
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .retrieve()
                    .bodyToFlux(SSE)
                    .subscribe(
                            frame -> {
                                if ("1".equals(frame.id())) {
                                    connected.countDown();
                                } else if (frame.id() != null) {
                                    arrivals.put(tenant + "#" + frame.id(), System.nanoTime());
                                }
                            },
                            error -> {});
        }
        if (!connected.await(5, TimeUnit.MINUTES)) {
            System.out.printf(
                    "only %d of %d streams connected%n", accepted.size() - connected.getCount(), accepted.size());
        }
        System.out.printf("%d SSE streams open; service: %s, RSS %s%n", accepted.size(), heapAfterGc(pid), rss(pid));

        // 3. event landing on Kafka → frame at its stream
        Map<String, Long> landed = new ConcurrentHashMap<>();
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
            SecureRandom random = new SecureRandom();
            for (int i = 0; i < events; i++) {
                String tenant = accepted.get(random.nextInt(accepted.size()))
                        .get("tenantId")
                        .toString();
                if (landed.keySet().stream().anyMatch(k -> k.startsWith(tenant))) {
                    continue; // one event per tenant keeps the expected frame id known (2)
                }
                ProvisioningProgressed event = ProvisioningProgressed.newBuilder(
                                SampleEvents.provisioningProgressed(UUID.fromString(tenant)))
                        .setOccurredAt(Instant.now())
                        .setStep(ProvisioningStep.CHOOSE_HOST)
                        .setPhase(StepPhase.STARTED)
                        .build();
                producer.send(
                        new ProducerRecord<>(Topic.PROVISIONING_PROGRESS.topicName(), tenant, event),
                        (metadata, error) -> landed.put(tenant + "#2", System.nanoTime()));
                TimeUnit.MILLISECONDS.sleep(2); // ~500 events/s, a steady load rather than one burst
            }
        }
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < waitUntil && !arrivals.keySet().containsAll(landed.keySet())) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
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

    private static String heapAfterGc(long pid) throws IOException, InterruptedException {
        new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").start().waitFor();
        Process info = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info").start();
        String out = new String(info.getInputStream().readAllBytes());
        info.waitFor();
        return out.lines()
                .filter(l -> l.contains("total") && l.contains("used"))
                .findFirst()
                .orElse(out)
                .strip();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
