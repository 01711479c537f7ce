package io.benchline.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.FailureReason;
import io.benchline.events.FailureStage;
import io.benchline.events.KeysActive;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.SecretPurpose;
import io.benchline.events.Signup;
import io.benchline.events.SignupCompleted;
import io.benchline.events.Site;
import io.benchline.platform.secrets.Keysets;
import io.benchline.platform.secrets.Secret;
import io.benchline.platform.secrets.SecretSealers;
import io.benchline.schemas.AvroEventSerializer;
import io.benchline.schemas.SampleEvents;
import io.benchline.schemas.Topic;
import io.benchline.simulator.FailurePlan;
import io.benchline.simulator.FrappeSimulator;
import io.benchline.simulator.RecordedRequest;
import io.benchline.testing.CapturedLogs;
import io.benchline.testing.KafkaTestBroker;
import io.benchline.testing.SecretScan;
import io.benchline.testing.TopicDump;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * user-service end to end on a real broker and the Frappe simulator over real SSH and HTTP: a site is created and
 * published over SSH, a {@code KeysActive} goes in, and the terminal event that comes out is checked together
 * with what the site now holds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class UserServiceIntegrationTests {

    private static final int MAX_ATTEMPTS = 4;

    private static FrappeSimulator simulator;
    private static BenchOperator bench;

    @Autowired
    SecretSealers sealers;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KafkaTestBroker::bootstrapServers);
        registry.add("spring.kafka.consumer.group-id", () -> "user-service-it-" + UUID.randomUUID());
        registry.add("benchline.secrets.keysets.customer-password.json", Keysets::generateJson);
        registry.add("benchline.secrets.keysets.site-credentials.json", Keysets::generateJson);
        registry.add("benchline.sites.allow-plain-http", () -> "true");
        registry.add("benchline.sites.resolve[*.localhost]", () -> "127.0.0.1");
        registry.add("benchline.user.site-calls.first-backoff", () -> "50ms");
        registry.add("benchline.user.site-calls.max-backoff", () -> "200ms");
        registry.add("benchline.user.site-calls.max-attempts", () -> MAX_ATTEMPTS);
        registry.add("benchline.user.site-calls.budget", () -> "10s");
        registry.add("benchline.kafka.retry-interval", () -> "100ms");
    }

    @BeforeAll
    static void startBenchHost() throws Exception {
        KeyPair operatorKey = BenchOperator.newKey();
        simulator = FrappeSimulator.builder()
                .authorizedKey(operatorKey.getPublic())
                .timeScale(0)
                .routingDelay(Duration.ZERO)
                .nginxReloadCommand("sudo service nginx reload")
                .start();
        bench = BenchOperator.of(simulator, operatorKey);
    }

    @AfterAll
    static void stopBenchHost() {
        bench.close();
        simulator.close();
    }

    @AfterEach
    void clearFaults() {
        simulator.faults().clear();
    }

    @Test
    void createsTheAdministratorCompletesTheSetupWizardAndReportsTheSignupCompleted() throws Exception {
        Tenant tenant = newTenant();
        KeysActive keysActive = tenant.keysActive("Str0ng-Passw0rd-" + UUID.randomUUID());

        send(keysActive);

        SignupCompleted completed = awaitTerminal(tenant.id, SignupCompleted.class);
        assertThat(completed.getSiteUrl()).isEqualTo(tenant.siteUrl());
        assertThat(completed.getDashboardUrl()).isEqualTo(tenant.siteUrl() + "/app");
        assertThat(completed.getAdminEmail()).isEqualTo(tenant.email());
        assertThat(completed.getOrganization()).isEqualTo("Acme Trading Ltd");
        assertThat(completed.getSubdomain()).isEqualTo(tenant.subdomain);
        Signup signup = keysActive.getSignup();
        Site site = keysActive.getSite();
        assertThat(completed.getDurations().getProvisionMillis())
                .isEqualTo(Duration.between(signup.getRequestedAt(), site.getProvisionedAt())
                        .toMillis());
        assertThat(completed.getDurations().getVerifyMillis())
                .isEqualTo(Duration.between(site.getProvisionedAt(), keysActive.getOccurredAt())
                        .toMillis());
        assertThat(completed.getDurations().getUserMillis()).isPositive();
        assertThat(completed.getDurations().getTotalMillis())
                .isEqualTo(Duration.between(signup.getRequestedAt(), completed.getOccurredAt())
                        .toMillis());
        var view = simulator.site(tenant.siteName()).orElseThrow();
        assertThat(view.userEmails()).containsExactly(tenant.email());
        assertThat(view.setupComplete()).as("setup wizard completed").isTrue();
        assertThat(meters.find("benchline.user.creation")
                        .tag("result", "created")
                        .timer())
                .isNotNull();
    }

    @Test
    void redeliveredKeysActiveCreatesNoSecondUserAndNoSecondCompletion() throws Exception {
        Tenant tenant = newTenant();
        KeysActive keysActive = tenant.keysActive("Str0ng-Passw0rd-" + UUID.randomUUID());
        send(keysActive);
        awaitTerminal(tenant.id, SignupCompleted.class);
        double duplicatesBefore = duplicatesSkipped();

        send(keysActive);
        send(KeysActive.newBuilder(keysActive).setEventId(UUID.randomUUID()).build());

        await().atMost(Duration.ofSeconds(20)).until(() -> duplicatesSkipped() >= duplicatesBefore + 2);
        assertThat(terminalEvents(tenant.id)).hasSize(1);
        assertThat(userPosts(tenant)).hasSize(1);
    }

    @Test
    void userLeftByAnEarlierAttemptIsTakenAsCreatedWhenItIsTheOneWeCreate() throws Exception {
        Tenant tenant = newTenant();
        // As if an earlier attempt created the user and crashed before its outcome was committed.
        assertThat(createUserDirectly(tenant, "Jane", "[{\"role\":\"System Manager\"}]"))
                .isEqualTo(200);

        send(tenant.keysActive("Str0ng-Passw0rd-" + UUID.randomUUID()));

        awaitTerminal(tenant.id, SignupCompleted.class);
        assertThat(simulator.requests())
                .filteredOn(
                        r -> r.site().equals(tenant.siteName()) && r.method().equals("GET"))
                .extracting(RecordedRequest::status)
                .contains(200);
    }

    @Test
    void existingAccountThatIsNotOurAdministratorFailsTheSignup() throws Exception {
        Tenant tenant = newTenant();
        assertThat(createUserDirectly(tenant, "Mallory", "[]")).isEqualTo(200);

        send(tenant.keysActive("Str0ng-Passw0rd-" + UUID.randomUUID()));

        ProvisioningFailed failed = awaitTerminal(tenant.id, ProvisioningFailed.class);
        assertThat(failed.getStage()).isEqualTo(FailureStage.USER);
        assertThat(failed.getReason()).isEqualTo(FailureReason.USER_REJECTED);
        assertThat(failed.getMessage()).contains("already exists");
    }

    @Test
    void validationFailureFailsTheSignupWithFrappesMessageWithoutHtml() throws Exception {
        Tenant tenant = newTenant();
        KeysActive keysActive = tenant.keysActive("Str0ng-Passw0rd-" + UUID.randomUUID());
        KeysActive badEmail = KeysActive.newBuilder(keysActive)
                .setSignup(Signup.newBuilder(keysActive.getSignup())
                        .setEmail("jane.at.acme")
                        .build())
                .build();

        send(badEmail);

        ProvisioningFailed failed = awaitTerminal(tenant.id, ProvisioningFailed.class);
        assertThat(failed.getStage()).isEqualTo(FailureStage.USER);
        assertThat(failed.getReason()).isEqualTo(FailureReason.USER_REJECTED);
        assertThat(failed.getMessage()).isEqualTo("jane.at.acme is not a valid Email Address");
        assertThat(userPosts(tenant)).extracting(RecordedRequest::status).containsExactly(417);
    }

    @Test
    void transientServerErrorsAreRetriedUntilTheUserIsCreated() throws Exception {
        Tenant tenant = newTenant();
        simulator.faults().failRequests("/api/resource/User", 502, FailurePlan.onCall(1));
        simulator.faults().failRequests("/api/resource/User", 503, FailurePlan.onCall(2));

        send(tenant.keysActive("Str0ng-Passw0rd-" + UUID.randomUUID()));

        awaitTerminal(tenant.id, SignupCompleted.class);
        assertThat(userPosts(tenant)).extracting(RecordedRequest::status).containsExactly(502, 503, 200);
        assertThat(simulator.site(tenant.siteName()).orElseThrow().userEmails()).containsExactly(tenant.email());
    }

    @Test
    void revokedKeysFailTheSignupAfterRetries() throws Exception {
        Tenant tenant = newTenant();
        KeysActive keysActive = tenant.keysActive("Str0ng-Passw0rd-" + UUID.randomUUID());
        bench.rotateSecret(tenant.siteName()); // the secret in KeysActive no longer works

        send(keysActive);

        ProvisioningFailed failed = awaitTerminal(tenant.id, ProvisioningFailed.class);
        assertThat(failed.getStage()).isEqualTo(FailureStage.USER);
        assertThat(failed.getReason()).isEqualTo(FailureReason.KEYS_REJECTED);
        assertThat(failed.getMessage()).contains("401").contains("API key");
        assertThat(userPosts(tenant))
                .extracting(RecordedRequest::status)
                .containsOnly(401)
                .hasSize(MAX_ATTEMPTS);
        assertThat(simulator.site(tenant.siteName()).orElseThrow().userEmails()).isEmpty();
    }

    @Test
    void signupPastItsDeadlineGetsNoUserAndNoEvent() throws Exception {
        Tenant tenant = newTenant();
        KeysActive keysActive = tenant.keysActive("Str0ng-Passw0rd-" + UUID.randomUUID());
        KeysActive late = KeysActive.newBuilder(keysActive)
                .setSignup(Signup.newBuilder(keysActive.getSignup())
                        .setDeadlineAt(Instant.now().minusSeconds(1))
                        .build())
                .build();
        double before = skipped("past_deadline");

        send(late);

        await().atMost(Duration.ofSeconds(20)).until(() -> skipped("past_deadline") > before);
        assertThat(terminalEvents(tenant.id)).isEmpty();
        assertThat(userPosts(tenant)).isEmpty();
    }

    @Test
    void unreadableRecordGoesToTheDeadLetterTopic() throws Exception {
        String key = UUID.randomUUID().toString();
        try (var producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topic.KEYS_ACTIVE.topicName(), key, new byte[] {1, 2, 3}))
                    .get();
        }

        await().atMost(Duration.ofSeconds(30))
                .until(() -> TopicReader.raw(bootstrap(), Topic.KEYS_ACTIVE.deadLetterTopicName(), key)
                                .size()
                        == 1);
    }

    @Test
    void customerPasswordAndApiSecretAppearInNoLogLineAndNoRecord() throws Exception {
        Tenant tenant = newTenant();
        String password = "Sekr1t-" + UUID.randomUUID();
        try (CapturedLogs logs = CapturedLogs.start()) {
            send(tenant.keysActive(password));
            awaitTerminal(tenant.id, SignupCompleted.class);

            SecretScan.assertNotInLogs(password, logs.lines());
            SecretScan.assertNotInLogs(tenant.keys.apiSecret(), logs.lines());
        }
        List<TopicDump.RawRecord> records = TopicDump.all(bootstrap());
        assertThat(records).extracting(TopicDump.RawRecord::topic).contains("user.outcomes");
        SecretScan.assertNotInRecords(password, records);
        SecretScan.assertNotInRecords(tenant.keys.apiSecret(), records);
    }

    private Tenant newTenant() throws Exception {
        String subdomain = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        BenchOperator.SiteKeys keys = bench.readySite(subdomain + ".localhost");
        return new Tenant(UUID.randomUUID(), subdomain, keys);
    }

    private <T extends SpecificRecord> T awaitTerminal(UUID tenantId, Class<T> type) {
        List<SpecificRecord> events =
                await().atMost(Duration.ofSeconds(30)).until(() -> terminalEvents(tenantId), found -> !found.isEmpty());
        assertThat(events).hasSize(1).first().isInstanceOf(type);
        return type.cast(events.get(0));
    }

    private static List<SpecificRecord> terminalEvents(UUID tenantId) {
        List<SpecificRecord> events =
                new java.util.ArrayList<>(TopicReader.events(bootstrap(), Topic.SIGNUP_COMPLETED, tenantId));
        events.addAll(TopicReader.events(bootstrap(), Topic.PROVISIONING_FAILED, tenantId));
        return events;
    }

    private static List<RecordedRequest> userPosts(Tenant tenant) {
        return simulator.requests().stream()
                .filter(r -> r.site().equals(tenant.siteName())
                        && r.method().equals("POST")
                        && r.path().equals("/api/resource/User"))
                .toList();
    }

    private static int createUserDirectly(Tenant tenant, String firstName, String roles) throws Exception {
        String body = "{\"email\":\"" + tenant.email() + "\",\"first_name\":\"" + firstName
                + "\",\"last_name\":\"Doe\",\"new_password\":\"Other-Str0ng-Passw0rd!\",\"send_welcome_email\":0,"
                + "\"roles\":" + roles + "}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.gunicornBaseUrl() + "/api/resource/User"))
                .header("X-Frappe-Site-Name", tenant.siteName())
                .header("Authorization", "token " + tenant.keys.apiKey() + ":" + tenant.keys.apiSecret())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private double duplicatesSkipped() {
        return skipped("duplicate");
    }

    private double skipped(String why) {
        var counter = meters.find("benchline.user.skipped").tag("why", why).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void send(KeysActive event) throws Exception {
        try (var producer = new KafkaProducer<String, SpecificRecord>(
                producerConfig(), new StringSerializer(), new AvroEventSerializer("/benchline/verifier-service"))) {
            producer.send(new ProducerRecord<>(
                            Topic.KEYS_ACTIVE.topicName(), event.getTenantId().toString(), event))
                    .get();
        }
    }

    private static Map<String, Object> producerConfig() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    }

    private static String bootstrap() {
        return KafkaTestBroker.bootstrapServers();
    }

    /** One signup: a real site on the simulated bench host and the events that describe it. */
    private final class Tenant {
        final UUID id;
        final String subdomain;
        final BenchOperator.SiteKeys keys;

        Tenant(UUID id, String subdomain, BenchOperator.SiteKeys keys) {
            this.id = id;
            this.subdomain = subdomain;
            this.keys = keys;
        }

        String siteName() {
            return subdomain + ".localhost";
        }

        String siteUrl() {
            return "http://" + siteName() + ":" + simulator.httpPort();
        }

        String email() {
            return "jane@" + subdomain + ".example";
        }

        KeysActive keysActive(String password) {
            Instant requestedAt = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.MILLIS);
            var passwords = sealers.forPurpose(SecretPurpose.CUSTOMER_PASSWORD);
            var credentials = sealers.forPurpose(SecretPurpose.SITE_CREDENTIALS);
            Signup signup = Signup.newBuilder(SampleEvents.signup(subdomain))
                    .setSiteUrl(siteUrl())
                    .setEmail(email())
                    .setPassword(passwords.seal(id, "password", Secret.of(password)))
                    .setRequestedAt(requestedAt)
                    .setDeadlineAt(requestedAt.plus(30, ChronoUnit.MINUTES))
                    .build();
            Site site = Site.newBuilder(SampleEvents.site(subdomain))
                    .setSiteUrl(siteUrl())
                    .setApiKey(credentials.seal(id, "apiKey", Secret.of(keys.apiKey())))
                    .setApiSecret(credentials.seal(id, "apiSecret", Secret.of(keys.apiSecret())))
                    .setProvisionedAt(requestedAt.plusSeconds(90))
                    .build();
            return KeysActive.newBuilder(SampleEvents.keysActive(id))
                    .setSignup(signup)
                    .setSite(site)
                    .setOccurredAt(requestedAt.plusSeconds(100))
                    .build();
        }
    }
}
