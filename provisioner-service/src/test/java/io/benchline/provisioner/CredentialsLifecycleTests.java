package io.benchline.provisioner;

import static io.benchline.testing.TopicDump.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.benchline.events.SignupCompleted;
import io.benchline.events.SiteProvisioned;
import io.benchline.events.TenantRequested;
import io.benchline.platform.secrets.Keysets;
import io.benchline.schemas.AvroEventSerializer;
import io.benchline.schemas.SampleEvents;
import io.benchline.schemas.Topic;
import io.benchline.simulator.FailurePlan;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import io.benchline.testing.KafkaTestBroker;
import io.benchline.testing.Publish;
import io.benchline.testing.RunningService;
import io.benchline.testing.SiteKeys;
import io.benchline.testing.TopicDump;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Benchline lets go of a settled tenant's site: the Administrator password the warm-up logged in with is rotated
 * away at once, and once the signup completed the emitted API key/secret answer 401 on the site and the ledger
 * keeps the tenant's steps but no sealed credentials. Real broker, real SSH, the simulator's real REST API; the
 * warm-up goes through a recording forwarder so the test learns the password it used.
 */
class CredentialsLifecycleTests {

    private static final Pattern PWD = Pattern.compile("\"pwd\"\\s*:\\s*\"([^\"]+)\"");
    private static final String GENERATE_KEYS_OVER_REST = "/api/method/frappe.core.doctype.user.user.generate_keys";

    @TempDir
    static Path folder;

    static SimulatedBenchHost host;
    static RecordingForwarder forwarder;
    static RunningProvisioner provisioner;
    static String group = "credentials-it-" + UUID.randomUUID();
    static String keyset = Keysets.generateJson();

    @BeforeAll
    static void start() throws IOException {
        host = SimulatedBenchHost.start(folder.resolve("bench-1"));
        forwarder = new RecordingForwarder(host.simulator.gunicornBaseUrl());
        Map<String, String> properties = new HashMap<>(host.properties(0, "bench-1", 2));
        properties.put("benchline.provisioner.hosts[0].http-base-url", forwarder.baseUrl());
        provisioner = RunningProvisioner.start(group, keyset, properties);
    }

    @AfterAll
    static void stop() {
        if (provisioner != null) {
            provisioner.close();
        }
        if (forwarder != null) {
            forwarder.close();
        }
        host.close();
    }

    @Test
    void warmUpPasswordNoLongerLogsInAfterProvisioning() {
        String subdomain = Requests.subdomain("pw");
        String site = subdomain + ".localhost";
        TenantRequested request = Requests.forSubdomain(subdomain);
        Requests.send(provisioner, request);
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        !events(SiteProvisioned.class, request.getTenantId()).isEmpty());

        List<String> used = forwarder.loginPasswords(site);
        assertThat(used).as("passwords the warm-up logged in with").isNotEmpty();
        assertThat(forwarder.loginStatuses(site)).contains(200);
        for (String password : used) {
            assertThat(DirectFrappe.login(host, site, password))
                    .as("login with the warm-up's password")
                    .isEqualTo(401);
        }
        // Set over REST before the warm-up's login and once more after it: the password moves on. No bench command
        // sets one (a bench command is a Python start-up on the host).
        assertThat(host.answered(site, "PUT", "/api/resource/User/Administrator"))
                .isEqualTo(2);
        assertThat(host.count(site, "set-admin-password")).isZero();
    }

    @Test
    void signupCompletedRevokesTheApiSecretAndRemovesSealedCredentialsFromTheLedger() {
        // Until SignupCompleted, the keys work and the ledger holds them: the verifier and user-service need them.
        Provisioned p = provisionedWithOpenKeys("rev");
        UUID tenant = p.tenant();
        String subdomain = p.subdomain();
        String site = p.site();
        SiteKeys keys = p.keys();
        SiteProvisioned provisioned = p.event();
        assertThat(host.count(site, "generate_keys")).isEqualTo(1);
        assertThat(latestLedgerValue(tenant).path("apiSecret").isNull()).isFalse();
        byte[] sealedSecret = bytes(provisioned.getSite().getApiSecret().getCiphertext());

        RecordMetadata completed = Publish.event("/benchline/user-service", completed(tenant, subdomain));

        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        keys.loggedUser(host.simulator.gunicornBaseUrl(), site).statusCode() == 401);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> latestLedgerValue(tenant).path("apiSecret").isNull());
        JsonNode ledger = latestLedgerValue(tenant);
        assertThat(ledger.path("apiKey").isNull()).isTrue();
        assertThat(ledger.path("finished").toString()).contains("GENERATE_KEYS").contains("WARM_UP");
        assertThat(ledger.path("outcome").path("kind").asString()).isEqualTo("PROVISIONED");
        assertThat(new String(latestLedgerRecord(tenant).value(), StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(sealedSecret, StandardCharsets.ISO_8859_1));
        assertThat(provisioner
                        .bean(MeterRegistry.class)
                        .counter("provisioner.credentials.revoked", "settled", "completed")
                        .count())
                .isGreaterThanOrEqualTo(1);

        // Rotated over REST with the emitted key itself: no bench command (a Python start-up on the host).
        assertThat(host.answered(site, "POST", GENERATE_KEYS_OVER_REST)).isEqualTo(1);
        assertThat(host.count(site, "generate_keys")).isEqualTo(1);

        // A redelivered SignupCompleted finds nothing left to revoke: no further generate_keys.
        RunningService.awaitConsumed(group + "-credentials", completed);
        RecordMetadata again = Publish.event("/benchline/user-service", completed(tenant, subdomain));
        RunningService.awaitConsumed(group + "-credentials", again);
        assertThat(host.apiSecretsIssued(site))
                .as("the provisioning's secret and the revocation's")
                .isEqualTo(2);
    }

    /** A site that does not answer the REST rotation still has its secret rotated: bench does it on the host. */
    @Test
    void whenTheSiteRefusesTheRotationOverRestBenchRotatesTheSecret() {
        Provisioned p = provisionedWithOpenKeys("rev-bench");
        host.simulator.faults().failRequests(GENERATE_KEYS_OVER_REST, 503, FailurePlan.always());
        try {
            Publish.event("/benchline/user-service", completed(p.tenant(), p.subdomain()));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> latestLedgerValue(p.tenant()).path("apiSecret").isNull());
        } finally {
            host.simulator.faults().clear();
        }
        assertThat(p.keys()
                        .loggedUser(host.simulator.gunicornBaseUrl(), p.site())
                        .statusCode())
                .as("the emitted key and secret")
                .isEqualTo(401);
        assertThat(host.count(p.site(), "generate_keys"))
                .as("provisioning's and the revocation's")
                .isEqualTo(2);
        assertThat(host.answered(p.site(), "POST", GENERATE_KEYS_OVER_REST)).isZero();
    }

    /**
     * user-service sends SignupCompleted in a transaction (with its outcome entry and consumed offset) and a kill -9
     * before the commit aborts it: the signup did not complete (its deadline ends it), and the verifier and
     * user-service's next instance still work with the emitted keys. Read uncommitted, the record revoked them
     * (chaos seed 18: tenant 91c7cbf3's secret rotated 24 ms before user-service was killed, its signup then
     * TIMEOUT). A committed record behind it on the same partition shows when the listener has passed it.
     */
    @Test
    void anAbortedSignupCompletedRevokesNothing() {
        Provisioned p = provisionedWithOpenKeys("abort");
        UUID tenant = p.tenant();
        String subdomain = p.subdomain();
        String site = p.site();
        SiteKeys keys = p.keys();

        RecordMetadata behind;
        try (KafkaProducer<String, SpecificRecord> userService = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KafkaTestBroker.bootstrapServers(),
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        "user-service-aborted-" + UUID.randomUUID()),
                new StringSerializer(),
                new AvroEventSerializer("/benchline/user-service"))) {
            userService.initTransactions();
            userService.beginTransaction();
            RecordMetadata aborted = userService
                    .send(new ProducerRecord<>(SIGNUP_COMPLETED, tenant.toString(), completed(tenant, subdomain)))
                    .get();
            userService.abortTransaction();
            UUID stranger = UUID.randomUUID();
            userService.beginTransaction();
            behind = userService
                    .send(new ProducerRecord<>(
                            SIGNUP_COMPLETED,
                            aborted.partition(),
                            stranger.toString(),
                            completed(stranger, "stranger")))
                    .get();
            userService.commitTransaction();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
        RunningService.awaitConsumed(group + "-credentials", behind);

        assertThat(host.apiSecretsIssued(site))
                .as("secrets generate_keys issued on the site, over bench or REST: the run's only")
                .isEqualTo(1);
        assertThat(keys.loggedUser(host.simulator.gunicornBaseUrl(), site).statusCode())
                .as("the emitted key and secret")
                .isEqualTo(200);
        assertThat(latestLedgerValue(tenant).path("apiSecret").isNull()).isFalse();
    }

    /** A tenant provisioned here, its SiteProvisioned and the emitted keys, proven to open the site. */
    private record Provisioned(UUID tenant, String subdomain, String site, SiteProvisioned event, SiteKeys keys) {}

    private static Provisioned provisionedWithOpenKeys(String prefix) {
        String subdomain = Requests.subdomain(prefix);
        TenantRequested request = Requests.forSubdomain(subdomain);
        UUID tenant = request.getTenantId();
        Requests.send(provisioner, request);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !events(SiteProvisioned.class, tenant).isEmpty());
        SiteProvisioned provisioned = events(SiteProvisioned.class, tenant).get(0);
        SiteKeys keys = SiteKeys.assertOpenSite(
                host.simulator.gunicornBaseUrl(),
                tenant,
                provisioned.getSite(),
                Requests.opener(keyset, provisioned.getSite()));
        return new Provisioned(tenant, subdomain, subdomain + ".localhost", provisioned, keys);
    }

    @Test
    void signupCompletedForATenantProvisionedElsewhereChangesNothing() {
        UUID stranger = UUID.randomUUID();
        RecordMetadata sent = Publish.event("/benchline/user-service", completed(stranger, "stranger"));
        RunningService.awaitConsumed(group + "-credentials", sent);
        assertThat(TopicDump.of(KafkaTestBroker.bootstrapServers(), ledgerTopic()))
                .noneMatch(r -> stranger.toString().equals(r.keyText()));
        assertThat(provisioner
                        .bean(KafkaListenerEndpointRegistry.class)
                        .getListenerContainer("provisioner.signup-completed")
                        .isRunning())
                .isTrue();
    }

    private static final String SIGNUP_COMPLETED = Topic.SIGNUP_COMPLETED.topicName();

    private static SignupCompleted completed(UUID tenant, String subdomain) {
        return SignupCompleted.newBuilder(SampleEvents.signupCompleted(tenant))
                .setSubdomain(subdomain)
                .setSiteUrl(host.siteUrl(subdomain + ".localhost"))
                .build();
    }

    private static String ledgerTopic() {
        return "provisioner.ledger." + group;
    }

    private static TopicDump.RawRecord latestLedgerRecord(UUID tenant) {
        List<TopicDump.RawRecord> records = TopicDump.of(KafkaTestBroker.bootstrapServers(), ledgerTopic()).stream()
                .filter(r -> tenant.toString().equals(r.keyText()))
                .toList();
        assertThat(records).isNotEmpty();
        return records.get(records.size() - 1);
    }

    private static JsonNode latestLedgerValue(UUID tenant) {
        return JsonMapper.builder().build().readTree(latestLedgerRecord(tenant).value());
    }

    private static byte[] bytes(java.nio.ByteBuffer buffer) {
        java.nio.ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }

    /**
     * A plain HTTP forwarder in front of the host's Frappe: it passes each request on (the Host header's name as
     * {@code X-Frappe-Site-Name}) and remembers the login passwords and answers per site.
     */
    static final class RecordingForwarder implements AutoCloseable {

        private final HttpServer server;
        private final String target;
        private final HttpClient client = HttpClient.newHttpClient();
        private final List<String[]> logins = new CopyOnWriteArrayList<>();

        RecordingForwarder(String target) throws IOException {
            this.target = target;
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", this::forward);
            server.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        List<String> loginPasswords(String site) {
            List<String> passwords = new ArrayList<>();
            logins.stream().filter(l -> l[0].equals(site)).forEach(l -> passwords.add(l[1]));
            return passwords;
        }

        List<Integer> loginStatuses(String site) {
            return logins.stream()
                    .filter(l -> l[0].equals(site))
                    .map(l -> Integer.valueOf(l[2]))
                    .toList();
        }

        private void forward(HttpExchange exchange) throws IOException {
            try (exchange) {
                String site = exchange.getRequestHeaders().getFirst("Host").replaceFirst(":\\d+$", "");
                byte[] body = exchange.getRequestBody().readAllBytes();
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                        .header("X-Frappe-Site-Name", site)
                        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
                for (String header : List.of("Content-Type", "Authorization", "Accept")) {
                    String value = exchange.getRequestHeaders().getFirst(header);
                    if (value != null) {
                        request.header(header, value);
                    }
                }
                HttpResponse<byte[]> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                if (exchange.getRequestURI().getPath().equals("/api/method/login")) {
                    Matcher pwd = PWD.matcher(new String(body, StandardCharsets.UTF_8));
                    logins.add(
                            new String[] {site, pwd.find() ? pwd.group(1) : "", Integer.toString(answer.statusCode())});
                }
                answer.headers()
                        .firstValue("Content-Type")
                        .ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
                exchange.sendResponseHeaders(
                        answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
                exchange.getResponseBody().write(answer.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
