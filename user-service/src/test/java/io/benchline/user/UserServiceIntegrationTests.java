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
import io.benchline.platform.secrets.SealedField;
import io.benchline.platform.secrets.SealingContext;
import io.benchline.platform.secrets.Secret;
import io.benchline.platform.secrets.SecretSealers;
import io.benchline.schemas.SampleEvents;
import io.benchline.schemas.Topic;
import io.benchline.simulator.FailurePlan;
import io.benchline.simulator.FrappeSimulator;
import io.benchline.simulator.RecordedRequest;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import io.benchline.testing.CapturedLogs;
import io.benchline.testing.ForeignHost;
import io.benchline.testing.KafkaTestBroker;
import io.benchline.testing.Publish;
import io.benchline.testing.RunningService;
import io.benchline.testing.SecretScan;
import io.benchline.testing.SiteKeys;
import io.benchline.testing.TopicDump;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.management.ObjectName;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * user-service end to end on a real broker and the Frappe simulator over real SSH and HTTP: a site is created and
 * published over SSH, a {@code KeysActive} goes in, and the terminal event that comes out is checked together
 * with what the site now holds.
 */
class UserServiceIntegrationTests {

    private static final int MAX_ATTEMPTS = 4;

    @TempDir
    static Path folder;

    private static SimulatedBenchHost bench;
    private static FrappeSimulator simulator;
    private static RunningService service;
    private static SecretSealers sealers;
    private static MeterRegistry meters;

    @BeforeAll
    static void start() {
        bench = SimulatedBenchHost.start(folder);
        simulator = bench.simulator;
        service = RunningService.start(
                UserServiceApplication.class,
                Map.ofEntries(
                        Map.entry("spring.kafka.consumer.group-id", "user-service-it-" + UUID.randomUUID()),
                        Map.entry("benchline.secrets.keysets.customer-password.json", Keysets.generateJson()),
                        Map.entry("benchline.secrets.keysets.site-credentials.json", Keysets.generateJson()),
                        Map.entry("benchline.sites.allow-plain-http", "true"),
                        Map.entry("benchline.sites.domains", "localhost"),
                        Map.entry("benchline.sites.resolve[*.localhost]", "127.0.0.1"),
                        Map.entry("benchline.user.site-calls.first-backoff", "50ms"),
                        Map.entry("benchline.user.site-calls.max-backoff", "200ms"),
                        Map.entry("benchline.user.site-calls.max-attempts", MAX_ATTEMPTS),
                        Map.entry("benchline.user.site-calls.budget", "10s"),
                        Map.entry("benchline.kafka.retry-interval", "100ms")));
        sealers = service.bean(SecretSealers.class);
        meters = service.bean(MeterRegistry.class);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        bench.close();
    }

    @AfterEach
    void clearFaults() {
        simulator.faults().clear();
    }

    @Test
    void createsTheAdministratorPrefillsSystemSettingsAndReportsTheSignupCompleted() throws Exception {
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
        // keysActive(): provisioned 90 s after the request, keys active 10 s after that.
        assertThat(completed.getDurations().getProvisionMillis()).isEqualTo(90_000L);
        assertThat(completed.getDurations().getVerifyMillis()).isEqualTo(10_000L);
        assertThat(completed.getDurations().getUserMillis()).isPositive();
        assertThat(completed.getDurations().getTotalMillis())
                .isEqualTo(Duration.between(signup.getRequestedAt(), completed.getOccurredAt())
                        .toMillis());
        var view = simulator.site(tenant.siteName()).orElseThrow();
        assertThat(view.userEmails()).containsExactly(tenant.email());
        // ERPNext's own wizard opens at first login with the signup's values (SampleEvents: DE, Europe/Berlin, EUR).
        assertThat(view.setupComplete())
                .as("the customer completes the setup wizard")
                .isFalse();
        assertThat(view.systemSettings())
                .containsEntry("country", "Germany")
                .containsEntry("time_zone", "Europe/Berlin")
                .containsEntry("language", "en")
                .containsEntry("currency", "EUR");
        assertThat(simulator.requests())
                .filteredOn(r -> r.site().equals(tenant.siteName()))
                .extracting(RecordedRequest::path)
                .doesNotContain("/api/method/frappe.desk.page.setup_wizard.setup_wizard.setup_complete");
        assertThat(view.administratorFullName()).isEqualTo("Administrator");
        assertThat(meters.find("benchline.user.system.settings")
                        .tag("result", "prefilled")
                        .counter())
                .isNotNull();
        assertThat(meters.find("benchline.user.creation")
                        .tag("result", "created")
                        .timer())
                .isNotNull();
    }

    /** Issue 20: the System Settings PUT does not wait for the user's POST; both are on the site at the same time. */
    @Test
    void systemSettingsArePrefilledWhileTheUserIsBeingCreated() throws Exception {
        Tenant tenant = newTenant();
        simulator.faults().delayRequests("/api/resource/User", Duration.ofMillis(1500), FailurePlan.always());

        send(tenant.keysActive("Str0ng-Passw0rd-" + UUID.randomUUID()));

        awaitTerminal(tenant.id, SignupCompleted.class);
        List<RecordedRequest> calls = simulator.requests().stream()
                .filter(r -> r.site().equals(tenant.siteName()))
                .toList();
        RecordedRequest userCreated = calls.stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/api/resource/User"))
                .findFirst()
                .orElseThrow();
        RecordedRequest settingsSaved = calls.stream()
                .filter(r -> r.method().equals("PUT") && r.path().startsWith("/api/resource/System Settings"))
                .findFirst()
                .orElseThrow();
        // Recorded when answered: the settings were saved while the user's POST was still held by the site.
        assertThat(settingsSaved.status()).isEqualTo(200);
        assertThat(settingsSaved.at()).isBefore(userCreated.at().minusMillis(1000));
        assertThat(simulator.site(tenant.siteName()).orElseThrow().systemSettings())
                .containsEntry("time_zone", "Europe/Berlin");
    }

    @Test
    void valuesTheSiteRefusesLeaveTheWizardWithItsDefaultsAndTheSignupStillCompletes() throws Exception {
        Tenant tenant = newTenant();
        KeysActive keysActive = tenant.keysActive("Str0ng-Passw0rd-" + UUID.randomUUID());
        // A currency with no Currency record: Frappe's Link check refuses the whole save (LinkValidationError, 417).
        KeysActive unknownCurrency = KeysActive.newBuilder(keysActive)
                .setSignup(Signup.newBuilder(keysActive.getSignup())
                        .setCurrency("XYZ")
                        .build())
                .build();
        double failedBefore = systemSettings("failed");

        send(unknownCurrency);

        awaitTerminal(tenant.id, SignupCompleted.class);
        var view = simulator.site(tenant.siteName()).orElseThrow();
        assertThat(view.userEmails()).containsExactly(tenant.email());
        assertThat(view.systemSettings().get("country")).isNull();
        assertThat(systemSettings("failed")).isEqualTo(failedBefore + 1);
        assertThat(simulator.requests())
                .filteredOn(
                        r -> r.site().equals(tenant.siteName()) && r.method().equals("PUT"))
                .extracting(RecordedRequest::status)
                .containsExactly(417);
    }

    @Test
    void redeliveredKeysActiveCreatesNoSecondUserAndNoSecondCompletion() throws Exception {
        Tenant tenant = newTenant();
        KeysActive keysActive = tenant.keysActive("Str0ng-Passw0rd-" + UUID.randomUUID());
        send(keysActive);
        awaitTerminal(tenant.id, SignupCompleted.class);

        assertRedeliveriesSkipped(
                tenant,
                keysActive,
                KeysActive.newBuilder(keysActive).setEventId(UUID.randomUUID()).build());
    }

    /** Sends {@code redeliveries} of a completed tenant's KeysActive: each skipped, no second user or outcome. */
    private void assertRedeliveriesSkipped(Tenant tenant, KeysActive... redeliveries) throws Exception {
        double duplicatesBefore = duplicatesSkipped();
        for (KeysActive redelivery : redeliveries) {
            send(redelivery);
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> duplicatesSkipped() >= duplicatesBefore + redeliveries.length);
        assertThat(terminalEvents(tenant.id)).hasSize(1);
        assertThat(userPosts(tenant)).hasSize(1);
    }

    /**
     * Issue 20: the outcome ledger asks the broker for its committed end (an admin round trip) only when the listener
     * cannot vouch for it, not before every poll; redeliveries are still recognised. Signups one after another, each
     * redelivered once its outcome is committed: fewer ledger round trips than polls (before: at least one per poll).
     */
    @Test
    void consecutivePollsNeedNoLedgerRoundTripEachAndRedeliveriesStayDuplicates() throws Exception {
        Tenant warmUp = newTenant();
        send(warmUp.keysActive("Str0ng-Passw0rd-" + UUID.randomUUID()));
        awaitTerminal(warmUp.id, SignupCompleted.class);
        int signups = 4;
        double requestsBefore = ledgerAdminRequests();

        for (int i = 0; i < signups; i++) {
            Tenant tenant = newTenant();
            KeysActive keysActive = tenant.keysActive("Str0ng-Passw0rd-" + UUID.randomUUID());
            send(keysActive);
            awaitTerminal(tenant.id, SignupCompleted.class);
            assertRedeliveriesSkipped(tenant, keysActive);
        }

        // 2 × signups polls; a round trip is needed at most when the reader had not yet read the previous poll's own
        // outcome (the redeliveries' polls), never after a poll that sent nothing (the next signups' polls).
        assertThat(ledgerAdminRequests() - requestsBefore).isLessThan(signups * 2);
    }

    /**
     * Issue 20: a poll's offsets join its transaction when the poll begins, not after its site calls (the producer
     * would hold the terminal events back while that request is under way).
     */
    @Test
    void thePollsOffsetsJoinItsTransactionWhileTheSiteIsStillAnswering() throws Exception {
        Tenant tenant = newTenant();
        simulator.faults().delayRequests("/api/resource/User", Duration.ofMillis(2000), FailurePlan.always());
        double offsetsBefore = offsetsSentToTransactions();

        send(tenant.keysActive("Str0ng-Passw0rd-" + UUID.randomUUID()));

        await().atMost(Duration.ofSeconds(10)).until(() -> offsetsSentToTransactions() > offsetsBefore);
        assertThat(userPosts(tenant))
                .as("the user's POST is still held by the site")
                .isEmpty();
        awaitTerminal(tenant.id, SignupCompleted.class);
        assertThat(userPosts(tenant)).hasSize(1);
    }

    @Test
    void terminalEventsAreSentAtOnceNotHeldForMoreRecordsUntilTheCommit() {
        // Kafka 4's default linger.ms is 5: the terminal events would wait for more records (issue 20).
        Map<String, Object> producer = service.bean(ProducerFactory.class).getConfigurationProperties();
        assertThat(String.valueOf(producer.get(ProducerConfig.LINGER_MS_CONFIG)))
                .isEqualTo("0");
    }

    @Test
    void keysActiveOfAHigherAttemptIsNewWorkAndItsRedeliveryCreatesNoSecondUser() throws Exception {
        Tenant tenant = newTenant();
        KeysActive keysActive = tenant.keysActive("Str0ng-Passw0rd-" + UUID.randomUUID());
        KeysActive firstAttempt = KeysActive.newBuilder(keysActive)
                .setSignup(Signup.newBuilder(keysActive.getSignup())
                        .setEmail("jane.at.acme")
                        .build())
                .build();
        send(firstAttempt);
        ProvisioningFailed failed = awaitTerminal(tenant.id, ProvisioningFailed.class);
        assertThat(failed.getAttempt()).isEqualTo(1);

        // An operator's RETRY: attempt 2 reaches user-service with a new KeysActive.
        KeysActive secondAttempt = KeysActive.newBuilder(keysActive)
                .setEventId(UUID.randomUUID())
                .setSignup(Signup.newBuilder(keysActive.getSignup())
                        .setAttempt(2)
                        .setSynthetic(true)
                        .build())
                .build();
        send(secondAttempt);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> terminalEvents(tenant.id).size() == 2);
        SignupCompleted completed = terminalEvents(tenant.id).stream()
                .filter(SignupCompleted.class::isInstance)
                .map(SignupCompleted.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(completed.getAttempt()).isEqualTo(2);
        assertThat(completed.getSynthetic()).isTrue();
        assertThat(completed.getEventId()).isNotEqualTo(failed.getEventId());

        double duplicatesBefore = duplicatesSkipped();
        send(secondAttempt); // redelivery of attempt 2
        send(firstAttempt); // and a late one of attempt 1
        await().atMost(Duration.ofSeconds(20)).until(() -> duplicatesSkipped() >= duplicatesBefore + 2);
        assertThat(terminalEvents(tenant.id)).hasSize(2);
        assertThat(userPosts(tenant)).extracting(RecordedRequest::status).containsExactly(417, 200);
        assertThat(simulator.site(tenant.siteName()).orElseThrow().userEmails()).containsExactly(tenant.email());
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
        bench.generateKeys(tenant.siteName()); // the secret in KeysActive no longer works

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
    void unreadableRecordGoesToTheDeadLetterTopic() {
        String key = UUID.randomUUID().toString();
        Publish.raw(Topic.KEYS_ACTIVE.topicName(), key, new byte[] {1, 2, 3});

        await().atMost(Duration.ofSeconds(30))
                .until(() -> TopicDump.of(bootstrap(), Topic.KEYS_ACTIVE.deadLetterTopicName()).stream()
                                .filter(r -> key.equals(r.keyText()))
                                .count()
                        == 1);
    }

    /**
     * One poll, one transaction (issue 20): records that arrive together are worked on together. A duplicate of the
     * same tenant and attempt in the same poll creates no second user and no second event (its tenant's records are
     * worked on in order, the second sees the first's pending outcome), and an unreadable record among them goes to
     * the dead-letter topic while the others complete.
     */
    @Test
    void recordsOfOnePollAreWorkedOnTogetherAndADuplicateOrAPoisonRecordAmongThemChangesNothingForTheOthers()
            throws Exception {
        Tenant first = newTenant();
        Tenant second = newTenant();
        KeysActive keysActive = first.keysActive("Str0ng-Passw0rd-" + UUID.randomUUID());
        String poisonKey = UUID.randomUUID().toString();
        MessageListenerContainer container =
                service.bean(KafkaListenerEndpointRegistry.class).getListenerContainer("keys-active");
        container.stop();
        try {
            send(keysActive);
            send(KeysActive.newBuilder(keysActive).setEventId(UUID.randomUUID()).build());
            Publish.raw(Topic.KEYS_ACTIVE.topicName(), poisonKey, new byte[] {1, 2, 3});
            send(second.keysActive("Str0ng-Passw0rd-" + UUID.randomUUID()));
        } finally {
            container.start();
        }

        awaitTerminal(first.id, SignupCompleted.class);
        awaitTerminal(second.id, SignupCompleted.class);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> TopicDump.of(bootstrap(), Topic.KEYS_ACTIVE.deadLetterTopicName()).stream()
                                .filter(r -> poisonKey.equals(r.keyText()))
                                .count()
                        == 1);
        assertThat(terminalEvents(first.id)).hasSize(1);
        assertThat(userPosts(first)).extracting(RecordedRequest::status).containsExactly(200);
        assertThat(userPosts(second)).extracting(RecordedRequest::status).containsExactly(200);
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

    /**
     * Anyone who can write to {@code tenant.keys-active} can copy a tenant's genuine sealed password and key into a
     * forged event whose {@code siteUrl} is their own host. user-service checks the URL before it opens anything:
     * nothing reaches the foreign host, and the signup ends with INVALID_REQUEST.
     */
    @Test
    void forgedKeysActivePointingGenuineSecretsAtAForeignHostSendsNothingAndFailsTheSignup() throws Exception {
        try (ForeignHost foreign = ForeignHost.start()) {
            assertForeignHostAnswers(foreign);
            for (String foreignUrl : List.of(
                    "http://127.0.0.1:" + foreign.port(),
                    // Another name under the site domain: *.localhost resolves to the foreign host's address.
                    "http://mallory" + UUID.randomUUID().toString().substring(0, 8) + ".localhost:" + foreign.port(),
                    "http://localhost:" + foreign.port())) {
                Tenant tenant = newTenant();
                String password = "Str0ng-Passw0rd-" + UUID.randomUUID();
                KeysActive genuine = tenant.keysActive(password);
                KeysActive forged = KeysActive.newBuilder(genuine)
                        .setSite(Site.newBuilder(genuine.getSite())
                                .setSiteUrl(foreignUrl)
                                .build())
                        .build();

                send(forged);

                ProvisioningFailed failed = awaitTerminal(tenant.id, ProvisioningFailed.class);
                assertThat(failed.getStage()).isEqualTo(FailureStage.USER);
                assertThat(failed.getReason()).as(foreignUrl).isEqualTo(FailureReason.INVALID_REQUEST);
                assertThat(failed.getRetryable()).isFalse();
                assertThat(failed.getMessage())
                        .contains("no credentials were sent")
                        .doesNotContain(password, tenant.keys.apiSecret());
                assertThat(userPosts(tenant)).isEmpty();
            }
            assertNothingMoreReaches(foreign);
        }
    }

    /**
     * The forger's own site under the site domain passes the address check, but the genuine password and key were
     * sealed for the victim's site host: they do not open there, and nothing is sent.
     */
    @Test
    void genuineSecretsMovedToAnotherSiteOfTheDomainDoNotOpenAndNothingIsSent() throws Exception {
        try (ForeignHost foreign = ForeignHost.start()) {
            assertForeignHostAnswers(foreign);
            Tenant tenant = newTenant();
            String password = "Str0ng-Passw0rd-" + UUID.randomUUID();
            KeysActive genuine = tenant.keysActive(password);
            String mallory = "mallory" + UUID.randomUUID().toString().substring(0, 8);
            String malloryUrl = "http://" + mallory + ".localhost:" + foreign.port();
            KeysActive forged = KeysActive.newBuilder(genuine)
                    .setSignup(Signup.newBuilder(genuine.getSignup())
                            .setSubdomain(mallory)
                            .setSiteName(mallory + ".localhost")
                            .setSiteUrl(malloryUrl)
                            .build())
                    .setSite(Site.newBuilder(genuine.getSite())
                            .setSiteName(mallory + ".localhost")
                            .setSiteUrl(malloryUrl)
                            .build())
                    .build();

            send(forged);

            ProvisioningFailed failed = awaitTerminal(tenant.id, ProvisioningFailed.class);
            assertThat(failed.getStage()).isEqualTo(FailureStage.USER);
            assertThat(failed.getReason()).isEqualTo(FailureReason.INTERNAL_ERROR);
            assertThat(failed.getMessage())
                    .contains("another tenant, site or field")
                    .doesNotContain(password, tenant.keys.apiSecret());
            assertThat(userPosts(tenant)).isEmpty();
            assertNothingMoreReaches(foreign);
        }
    }

    /** The foreign host is really there: a request from the test reaches it (and is the only one it may get). */
    private static void assertForeignHostAnswers(ForeignHost foreign) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + foreign.port() + "/alive"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(foreign.received()).hasSize(1);
    }

    private static void assertNothingMoreReaches(ForeignHost foreign) {
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> foreign.received().size() == 1);
        assertThat(foreign.received()).extracting(ForeignHost.Received::path).containsExactly("/alive");
    }

    private Tenant newTenant() throws Exception {
        String subdomain = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        SimulatedBenchHost.ReadySite keys = bench.readySite(subdomain + ".localhost");
        return new Tenant(UUID.randomUUID(), subdomain, keys);
    }

    private <T extends SpecificRecord> T awaitTerminal(UUID tenantId, Class<T> type) {
        List<SpecificRecord> events =
                await().atMost(Duration.ofSeconds(30)).until(() -> terminalEvents(tenantId), found -> !found.isEmpty());
        assertThat(events).hasSize(1).first().isInstanceOf(type);
        return type.cast(events.get(0));
    }

    private static List<SpecificRecord> terminalEvents(UUID tenantId) {
        return TopicDump.events(tenantId, Topic.SIGNUP_COMPLETED, Topic.PROVISIONING_FAILED);
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
                .header("Authorization", new SiteKeys(tenant.keys.apiKey(), tenant.keys.apiSecret()).authorization())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static double systemSettings(String result) {
        var counter = meters.find("benchline.user.system.settings")
                .tag("result", result)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    /** Requests sent by the ledger reader's admin client (client id {@code user-outcomes-admin}), from its JMX metrics. */
    private static double ledgerAdminRequests() throws Exception {
        Object total = ManagementFactory.getPlatformMBeanServer()
                .getAttribute(
                        new ObjectName("kafka.admin.client:type=admin-client-metrics,client-id=user-outcomes-admin"),
                        "request-total");
        return ((Number) total).doubleValue();
    }

    /** Time user-service's producers spent adding offsets to transactions (JMX): grows with each offsets request. */
    private static double offsetsSentToTransactions() throws Exception {
        var server = ManagementFactory.getPlatformMBeanServer();
        double total = 0;
        for (ObjectName producer : server.queryNames(new ObjectName("kafka.producer:type=producer-metrics,*"), null)) {
            if (producer.getKeyProperty("client-id").startsWith("user-service-producer")) {
                total += ((Number) server.getAttribute(producer, "txn-send-offsets-time-ns-total")).doubleValue();
            }
        }
        return total;
    }

    private static double duplicatesSkipped() {
        return skipped("duplicate");
    }

    private static double skipped(String why) {
        var counter = meters.find("benchline.user.skipped").tag("why", why).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void send(KeysActive event) {
        Publish.event("/benchline/verifier-service", event);
    }

    private static String bootstrap() {
        return KafkaTestBroker.bootstrapServers();
    }

    /** One signup: a real site on the simulated bench host and the events that describe it. */
    private static final class Tenant {
        final UUID id;
        final String subdomain;
        final SimulatedBenchHost.ReadySite keys;

        Tenant(UUID id, String subdomain, SimulatedBenchHost.ReadySite keys) {
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

        /** As signup-service and the provisioner seal: for this tenant and the host of its site. */
        SealingContext sealedFor() {
            return new SealingContext(id, siteName());
        }

        KeysActive keysActive(String password) {
            Instant requestedAt = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.MILLIS);
            var passwords = sealers.forPurpose(SecretPurpose.CUSTOMER_PASSWORD);
            var credentials = sealers.forPurpose(SecretPurpose.SITE_CREDENTIALS);
            Signup signup = Signup.newBuilder(SampleEvents.signup(subdomain))
                    .setSiteUrl(siteUrl())
                    .setEmail(email())
                    .setPassword(passwords.seal(sealedFor(), SealedField.PASSWORD, Secret.of(password)))
                    .setRequestedAt(requestedAt)
                    .setDeadlineAt(requestedAt.plus(30, ChronoUnit.MINUTES))
                    .build();
            Site site = Site.newBuilder(SampleEvents.site(subdomain))
                    .setSiteUrl(siteUrl())
                    .setApiKey(credentials.seal(sealedFor(), SealedField.API_KEY, Secret.of(keys.apiKey())))
                    .setApiSecret(credentials.seal(sealedFor(), SealedField.API_SECRET, Secret.of(keys.apiSecret())))
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
