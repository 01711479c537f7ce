package io.benchline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.SecretPurpose;
import io.benchline.events.SiteProvisioned;
import io.benchline.platform.secrets.Keysets;
import io.benchline.platform.secrets.SealedField;
import io.benchline.platform.secrets.SealingContext;
import io.benchline.platform.secrets.SecretSealer;
import io.benchline.schemas.AvroEventDeserializer;
import io.benchline.schemas.Topic;
import io.benchline.simulator.FailurePlan;
import io.benchline.simulator.SimulatedSiteState;
import io.benchline.simulator.SiteView;
import io.benchline.testing.SecretScan;
import io.benchline.testing.SiteKeys;
import io.benchline.testing.TopicDump;
import io.benchline.testing.TopicDump.RawRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole system as a customer, an operator and a consumer of the topics see it: the four services as their
 * own JVMs (their real jars), the Frappe simulator as the bench host, a real Kafka broker. The tests talk to it
 * only through HTTP, SSE, Kafka topics and the simulator's record.
 */
class EndToEndTests {

    private static final Duration SIGNUP_TIMEOUT = Duration.ofSeconds(90);
    private static final String PASSWORD = "Plover-Quartz-Lantern-42";

    @TempDir
    static Path state;

    static LocalStack stack;
    static SignupClient client;

    @BeforeAll
    static void startStack() throws Exception {
        stack = TestStacks.plain(state);
        client = new SignupClient(stack.signupUrl());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void signupBecomesAReadySiteWithItsAdministrator() throws Exception {
        SignupClient.Posted posted = client.post(signup("happy-path"));
        assertThat(posted.status()).isEqualTo(202);

        List<SignupClient.SseEvent> events = client.follow(posted, SIGNUP_TIMEOUT);

        SignupClient.SseEvent last = events.get(events.size() - 1);
        assertThat(last.event()).isEqualTo("completed");
        assertThat(last.data().path("dashboardUrl").asString()).endsWith("/app");
        assertThat(events.stream().map(e -> e.data().path("percent").asInt()))
                .as("the progress bar only moves forward")
                .isSorted();
        assertThat(events.stream().map(e -> e.data().path("stage").asString()))
                .containsSubsequence("create_site", "generate_keys", "warm_up", "keys_active", "completed");

        String tenant = posted.tenantId();
        Map<String, List<RawRecord>> byTopic = recordsOf(tenant);
        assertOneEventWithCloudEvents(byTopic, Topic.TENANT_REQUESTED, "/benchline/signup-service", tenant);
        assertOneEventWithCloudEvents(byTopic, Topic.SITE_PROVISIONED, "/benchline/provisioner-service", tenant);
        assertOneEventWithCloudEvents(byTopic, Topic.KEYS_ACTIVE, "/benchline/verifier-service", tenant);
        assertOneEventWithCloudEvents(byTopic, Topic.SIGNUP_COMPLETED, "/benchline/user-service", tenant);
        assertThat(byTopic.getOrDefault(Topic.PROVISIONING_FAILED.topicName(), List.of()))
                .isEmpty();
        assertThat(timeOf(byTopic, Topic.TENANT_REQUESTED))
                .isBefore(timeOf(byTopic, Topic.SITE_PROVISIONED))
                .isBefore(timeOf(byTopic, Topic.KEYS_ACTIVE))
                .isBefore(timeOf(byTopic, Topic.SIGNUP_COMPLETED));

        SiteView site = stack.simulator().site("happy-path.localhost").orElseThrow();
        assertThat(site.state()).isEqualTo(SimulatedSiteState.READY);
        assertThat(site.installedApps()).contains("erpnext");
        assertThat(site.userEmails()).contains("jane@happy-path.example");

        SiteProvisioned provisioned = (SiteProvisioned) new AvroEventDeserializer()
                .deserialize(
                        Topic.SITE_PROVISIONED.topicName(),
                        byTopic.get(Topic.SITE_PROVISIONED.topicName()).get(0).value());
        assertRevokedAfterCompletion(provisioned);

        // What the system wrote: every process's log and every record on every topic.
        List<String> logLines = new ArrayList<>();
        try (var logs = Files.list(state.resolve("logs"))) {
            for (Path log : logs.toList()) {
                logLines.addAll(Files.readAllLines(log));
            }
        }
        SecretScan.assertNotInLogs(PASSWORD, logLines);
        SecretScan.assertNotInRecords(PASSWORD, TopicDump.all(stack.kafkaBootstrap()));
    }

    /**
     * The alert rules and the dashboard (deploy/prometheus, deploy/grafana) are checked against
     * deploy/prometheus/exported-metrics.txt at build time; this proves the catalogue's Benchline meters are really
     * exported by the running services once a signup went through. The scrapes are kept in target/ for a look.
     */
    @Test
    void servicesExportTheMetricsTheAlertsAndDashboardRead() throws Exception {
        SignupClient.Posted posted = client.post(signup("metrics-run"));
        assertThat(lastEventOf(client.follow(posted, SIGNUP_TIMEOUT))).isEqualTo("completed");

        Map<String, List<String>> expected = Map.of(
                "signup-service",
                        List.of("benchline_signup_outcomes_total", "benchline_signup_duration_seconds_bucket"),
                "provisioner-service",
                        List.of("provisioner_step_seconds_bucket", "provisioner_slots_busy", "provisioner_slots"),
                "verifier-service",
                        List.of("benchline_verifier_activation_seconds_bucket", "benchline_verifier_outcomes_total"),
                "user-service", List.of("benchline_user_creation_seconds_bucket", "benchline_user_outcomes_total"));
        Path scrapes = Files.createDirectories(Path.of("target/metrics-scrapes"));
        for (String service : LocalStack.SERVICES) {
            String scrape = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.managementPort(service)
                                            + "/actuator/prometheus"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Files.writeString(scrapes.resolve(service + ".prom"), scrape);
            for (String metric : expected.get(service)) {
                assertThat(scrape).as("%s exports %s", service, metric).containsPattern("(?m)^" + metric + "[{ ]");
            }
            assertThat(scrape).as("no secret in %s's metrics", service).doesNotContain(PASSWORD);
        }
        int publicScrape = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(stack.signupUrl() + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
        assertThat(publicScrape).as("actuator on signup's public port").isEqualTo(404);
    }

    @Test
    void takenSubdomainIsRefusedAtOnce() throws Exception {
        assertThat(client.post(signup("taken-name")).status()).isEqualTo(202);

        SignupClient.Posted second = client.post(signup("taken-name"));

        assertThat(second.status()).isEqualTo(409);
    }

    @Test
    void failedNewSiteReachesTheBrowserAndTheSubdomainCanBeTriedAgain() throws Exception {
        stack.simulator().faults().failCommand("new-site", FailurePlan.onCall(1));

        SignupClient.Posted posted = client.post(signup("broken-build"));
        List<SignupClient.SseEvent> events = client.follow(posted, SIGNUP_TIMEOUT);

        SignupClient.SseEvent last = events.get(events.size() - 1);
        assertThat(last.event()).isEqualTo("failed");
        assertThat(last.data().path("failedStage").asString()).isEqualTo("provision");
        assertThat(last.data().path("reason").asString()).isEqualTo("bench_command_failed");
        assertThat(last.data().path("message").asString())
                .as("gives the customer the support reference, never the host or bench output")
                .contains("Support reference: " + posted.tenantId())
                .doesNotContain("local-simulator", "new-site", "127.0.0.1", "bench ");

        // The half-built site is dropped after the failure; only then is the name free again (a later drop must
        // never remove the next customer's site of that name).
        await().atMost(Duration.ofSeconds(60)).until(() -> client.available("broken-build"));
        SignupClient.Posted retry = client.post(signup("broken-build"));
        assertThat(retry.status())
                .as("the subdomain was released after its site's drop")
                .isEqualTo(202);
        assertThat(lastEventOf(client.follow(retry, SIGNUP_TIMEOUT))).isEqualTo("completed");
        assertThat(stack.simulator().site("broken-build.localhost").map(SiteView::state))
                .as("the half-built site was dropped and built again")
                .contains(SimulatedSiteState.READY);
    }

    @Test
    void siteThatNeverAnswersFailsAtTheVerifier() throws Exception {
        // Only the verifier loses its route to the sites, as when DNS or a proxy in front is broken.
        stack.restart(
                "verifier-service",
                Map.of("benchline.sites.resolve[*.localhost]", "127.0.0.2", "benchline.verifier.deadline", "4s"));
        try {
            SignupClient.Posted posted = client.post(signup("never-routed"));
            List<SignupClient.SseEvent> events = client.follow(posted, SIGNUP_TIMEOUT);

            SignupClient.SseEvent last = events.get(events.size() - 1);
            assertThat(last.event()).isEqualTo("failed");
            assertThat(last.data().path("failedStage").asString()).isEqualTo("verify");
            assertThat(last.data().path("reason").asString()).isEqualTo("site_unreachable");
        } finally {
            stack.restart("verifier-service");
        }
    }

    @Test
    void signupSurvivesARestartOfAServiceInTheMiddle() throws Exception {
        stack.stop("verifier-service");
        SignupClient.Posted posted = client.post(signup("mid-restart"));
        await().atMost(SIGNUP_TIMEOUT)
                .until(() -> client.status(posted).path("percent").asInt() >= 85);

        stack.startService("verifier-service");
        stack.awaitHealthy("verifier-service");

        assertThat(lastEventOf(client.follow(posted, SIGNUP_TIMEOUT))).isEqualTo("completed");
        assertThat(stack.simulator().site("mid-restart.localhost").orElseThrow().userEmails())
                .containsExactly("jane@mid-restart.example");
    }

    private static String signup(String subdomain) {
        return """
                {"organization": "%s Ltd", "subdomain": "%s", "email": "jane@%s.example",
                 "firstName": "Jane", "lastName": "Doe", "password": "%s",
                 "plan": "pro", "country": "DE", "timezone": "Europe/Berlin", "currency": "EUR"}""".formatted(subdomain, subdomain, subdomain, PASSWORD);
    }

    private static String lastEventOf(List<SignupClient.SseEvent> events) {
        return events.get(events.size() - 1).event();
    }

    private static Map<String, List<RawRecord>> recordsOf(String tenant) {
        return TopicDump.all(stack.kafkaBootstrap()).stream()
                .filter(r -> tenant.equals(r.keyText()))
                .collect(Collectors.groupingBy(RawRecord::topic));
    }

    private static void assertOneEventWithCloudEvents(
            Map<String, List<RawRecord>> byTopic, Topic topic, String source, String tenant) {
        List<RawRecord> records = byTopic.getOrDefault(topic.topicName(), List.of());
        assertThat(records).as("records on %s", topic.topicName()).hasSize(1);
        Map<String, String> headers = records.get(0).headers();
        assertThat(headers)
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_type", topic.cloudEventType())
                .containsEntry("ce_source", source)
                .containsEntry("ce_subject", tenant)
                .containsEntry("content-type", "application/avro")
                .containsKeys("ce_id", "ce_time");
    }

    private static Instant timeOf(Map<String, List<RawRecord>> byTopic, Topic topic) {
        return Instant.parse(byTopic.get(topic.topicName()).get(0).headers().get("ce_time"));
    }

    /**
     * Calls the new site with the credentials the provisioner emitted, opened as the verifier would: once the signup
     * completed, the provisioner revokes them (issue 14), so they answer 401.
     */
    private static void assertRevokedAfterCompletion(SiteProvisioned provisioned) throws Exception {
        SecretSealer sealer = new SecretSealer(
                SecretPurpose.SITE_CREDENTIALS, Keysets.aeadFromFile(state.resolve("keysets/site-credentials.json")));
        // Sealed for the tenant and its site's host, as the verifier opens them.
        String siteHost = URI.create(provisioned.getSite().getSiteUrl()).getHost();
        SiteKeys keys = SiteKeys.open(
                provisioned.getTenantId(),
                provisioned.getSite(),
                (tenant, field, ciphertext) -> sealer.open(
                                new SealingContext(tenant, siteHost), SealedField.valueOf(field), ciphertext)
                        .reveal());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> keys.loggedUser(
                                        stack.simulator().gunicornBaseUrl(),
                                        provisioned.getSite().getSiteName())
                                .statusCode()
                        == 401);
    }
}
