package io.benchline.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.benchline.events.FailureReason;
import io.benchline.events.FailureStage;
import io.benchline.events.KeysActive;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.SecretPurpose;
import io.benchline.events.Signup;
import io.benchline.events.Site;
import io.benchline.events.SiteProvisioned;
import io.benchline.platform.secrets.Keysets;
import io.benchline.platform.secrets.SealedField;
import io.benchline.platform.secrets.SealingContext;
import io.benchline.platform.secrets.SealingException;
import io.benchline.platform.secrets.Secret;
import io.benchline.platform.secrets.SecretSealer;
import io.benchline.platform.secrets.SecretSealers;
import io.benchline.schemas.SampleEvents;
import io.benchline.schemas.Topic;
import io.benchline.simulator.FailurePlan;
import io.benchline.simulator.RecordedRequest;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import io.benchline.testing.CapturedLogs;
import io.benchline.testing.ForeignHost;
import io.benchline.testing.KafkaTestBroker;
import io.benchline.testing.Publish;
import io.benchline.testing.RunningService;
import io.benchline.testing.SecretScan;
import io.benchline.testing.TopicDump;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The verifier on a real broker against the Frappe simulator over real HTTP; the test plays the provisioner over
 * real SSH (new-site, generate_keys, get_value, setup nginx + reload) and sends SiteProvisioned.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerifierServiceIntegrationTests {

    private static final String GROUP = "verifier-it-" + UUID.randomUUID();
    private static final String SITE_KEYSET = Keysets.generateJson();
    private static final SecretSealer SITE_SEALER =
            new SecretSealer(SecretPurpose.SITE_CREDENTIALS, Keysets.aeadFromJson(SITE_KEYSET, "test"));
    private static final SecretSealer PASSWORD_SEALER =
            new SecretSealer(SecretPurpose.CUSTOMER_PASSWORD, Keysets.aeadFromJson(Keysets.generateJson(), "test"));
    private static final Duration DEADLINE = Duration.ofSeconds(5);
    private static final String LOGGED_USER = "/api/method/frappe.auth.get_logged_user";

    @TempDir
    static Path folder;

    private static SimulatedBenchHost bench;
    private static RunningService verifier;

    @BeforeAll
    static void start() {
        // Names unrouted until setup nginx + reload (per-site TLS server blocks, frappe-facts.md): the late-routing
        // and never-routed cases need a name that answers 404 for a while.
        bench = SimulatedBenchHost.start(folder, simulator -> simulator.perSiteTls(true));
        verifier = startVerifier();
    }

    @AfterAll
    static void stop() {
        if (verifier != null) {
            verifier.close();
        }
        bench.close();
    }

    @Test
    @Order(1)
    void holdsTheSiteCredentialsKeysetOnlyAndCannotOpenPasswords() {
        SecretSealers sealers = verifier.bean(SecretSealers.class);
        UUID tenant = UUID.randomUUID();

        assertThat(sealers.holds(SecretPurpose.SITE_CREDENTIALS)).isTrue();
        assertThat(sealers.holds(SecretPurpose.CUSTOMER_PASSWORD)).isFalse();
        assertThatThrownBy(() -> sealers.forPurpose(SecretPurpose.CUSTOMER_PASSWORD))
                .isInstanceOf(SealingException.class);
        SealingContext context = new SealingContext(tenant, "acme.localhost");
        var password = PASSWORD_SEALER.seal(context, SealedField.PASSWORD, Secret.of("Customer-Passw0rd!"));
        assertThatThrownBy(() -> sealers.forPurpose(SecretPurpose.SITE_CREDENTIALS)
                        .open(context, SealedField.PASSWORD, password))
                .isInstanceOf(SealingException.class)
                .hasMessageNotContaining("Customer-Passw0rd!");
    }

    @Test
    @Order(2)
    void keysOfARoutedSiteAreActiveAfterOneProbe() throws Exception {
        String site = "acme" + suffix() + ".localhost";
        SimulatedBenchHost.ReadySite ready = bench.readySite(site);
        String secret = ready.apiSecret();
        SiteProvisioned provisioned = provisioned(site, ready.apiKey(), secret);

        try (CapturedLogs logs = CapturedLogs.start()) {
            send(provisioned);
            KeysActive active = (KeysActive) awaitOutcome(provisioned.getTenantId());

            assertThat(active.getAttempts()).isEqualTo(1);
            assertThat(active.getSignup()).isEqualTo(provisioned.getSignup());
            assertThat(active.getSite()).isEqualTo(provisioned.getSite());
            assertThat(active.getActivationMillis()).isBetween(0L, DEADLINE.toMillis());
            assertThat(probes(site)).extracting(RecordedRequest::status).containsExactly(200);
            SecretScan.assertNotInLogs(secret, logs.lines());
        }
        SecretScan.assertNotInRecords(secret, TopicDump.all(KafkaTestBroker.bootstrapServers()));
        String metrics = WebClient.create(verifier.baseUrl())
                .get()
                .uri("/actuator/prometheus")
                .retrieve()
                .bodyToMono(String.class)
                .block(Duration.ofSeconds(10));
        assertThat(metrics)
                .contains("benchline_verifier_activation_seconds_bucket")
                .contains("benchline_verifier_outcomes_total{outcome=\"ACTIVE\"")
                .contains("benchline_verifier_attempts_count{outcome=\"ACTIVE\"")
                .contains("benchline_verifier_in_flight ");
    }

    @Test
    @Order(3)
    void aSiteRoutedLateIsActiveOnceNginxServesItsName() {
        String site = "late" + suffix() + ".localhost";
        bench.newSite(site);
        String secret = bench.generateKeys(site);
        String key = bench.apiKey(site);
        SiteProvisioned provisioned = provisioned(site, key, secret);

        send(provisioned);
        await().atMost(Duration.ofSeconds(10)).until(() -> probes(site).size() >= 2);
        bench.publishSites();
        KeysActive active = (KeysActive) awaitOutcome(provisioned.getTenantId());

        assertThat(active.getAttempts()).isGreaterThanOrEqualTo(3);
        List<Integer> statuses =
                probes(site).stream().map(RecordedRequest::status).toList();
        assertThat(statuses.subList(0, statuses.size() - 1)).containsOnly(404);
        assertThat(statuses.get(statuses.size() - 1)).isEqualTo(200);
    }

    @Test
    @Order(4)
    void aRotatedSecretEndsInKeysRejectedAfterTheConfiguredRetries() {
        String site = "rotated" + suffix() + ".localhost";
        bench.newSite(site);
        String handedOut = bench.generateKeys(site);
        String key = bench.apiKey(site);
        bench.generateKeys(site); // a retried step rotates the secret that was already handed out
        bench.publishSites();
        SiteProvisioned provisioned = provisioned(site, key, handedOut);

        send(provisioned);
        ProvisioningFailed failed = (ProvisioningFailed) awaitOutcome(provisioned.getTenantId());

        assertThat(failed.getStage()).isEqualTo(FailureStage.VERIFY);
        assertThat(failed.getReason()).isEqualTo(FailureReason.KEYS_REJECTED);
        assertThat(failed.getRetryable()).isFalse();
        assertThat(failed.getSubdomain()).isEqualTo(provisioned.getSignup().getSubdomain());
        assertThat(failed.getMessage()).contains(site, "401").doesNotContain(handedOut, key);
        assertThat(probes(site)).extracting(RecordedRequest::status).containsExactly(401, 401, 401);
    }

    @Test
    @Order(5)
    void aSiteThatNeverAnswersFailsAsUnreachableAtTheDeadline() {
        String site = "dark" + suffix() + ".localhost";
        bench.newSite(site);
        String secret = bench.generateKeys(site);
        String key = bench.apiKey(site);
        SiteProvisioned provisioned = provisioned(site, key, secret);

        Instant sent = Instant.now();
        send(provisioned);
        ProvisioningFailed failed = (ProvisioningFailed) awaitOutcome(provisioned.getTenantId());

        assertThat(Duration.between(sent, Instant.now())).isGreaterThanOrEqualTo(DEADLINE);
        assertThat(failed.getStage()).isEqualTo(FailureStage.VERIFY);
        assertThat(failed.getReason()).isEqualTo(FailureReason.SITE_UNREACHABLE);
        assertThat(failed.getRetryable()).isTrue();
        assertThat(failed.getMessage()).contains(site, "404", "nginx");
        assertThat(probes(site))
                .hasSizeGreaterThan(2)
                .extracting(RecordedRequest::status)
                .containsOnly(404);
    }

    @Test
    @Order(6)
    void aSiteWhoseServerKeepsFailingEndsAsSiteError() {
        String site = "broken" + suffix() + ".localhost";
        SimulatedBenchHost.ReadySite ready = bench.readySite(site);
        String secret = ready.apiSecret();
        SiteProvisioned provisioned = provisioned(site, ready.apiKey(), secret);
        bench.simulator.faults().failRequests(LOGGED_USER, 502, FailurePlan.always());
        try {
            send(provisioned);
            ProvisioningFailed failed = (ProvisioningFailed) awaitOutcome(provisioned.getTenantId());

            assertThat(failed.getReason()).isEqualTo(FailureReason.SITE_ERROR);
            assertThat(failed.getMessage()).contains(site, "502");
            assertThat(probes(site))
                    .hasSizeGreaterThan(2)
                    .extracting(RecordedRequest::status)
                    .containsOnly(502);
        } finally {
            bench.simulator.faults().clear();
        }
    }

    @Test
    @Order(7)
    void aRedeliveredOrRepeatedSiteProvisionedEmitsNothingNew() {
        String site = "twice" + suffix() + ".localhost";
        SimulatedBenchHost.ReadySite ready = bench.readySite(site);
        String secret = ready.apiSecret();
        SiteProvisioned provisioned = provisioned(site, ready.apiKey(), secret);
        double before = duplicates();

        send(provisioned);
        awaitOutcome(provisioned.getTenantId());
        send(provisioned); // redelivery: same event id
        SiteProvisioned again = SiteProvisioned.newBuilder(provisioned)
                .setEventId(UUID.randomUUID())
                .build();
        send(again); // the provisioner emitted a second event for the same tenant

        await().atMost(Duration.ofSeconds(10)).until(() -> duplicates() >= before + 2);
        assertThat(outcomes(provisioned.getTenantId())).hasSize(1);
        assertThat(probes(site)).hasSize(1);
    }

    @Test
    @Order(7)
    void aSiteProvisionedOfAHigherAttemptIsNewWorkAndItsRedeliveryIsNot() {
        String site = "retried" + suffix() + ".localhost";
        SimulatedBenchHost.ReadySite ready = bench.readySite(site);
        SiteProvisioned first = provisioned(site, ready.apiKey(), ready.apiSecret());
        UUID tenant = first.getTenantId();
        bench.simulator.faults().failRequests(LOGGED_USER, 502, FailurePlan.always());
        ProvisioningFailed failed;
        try {
            send(first);
            failed = (ProvisioningFailed) awaitOutcome(tenant);
        } finally {
            bench.simulator.faults().clear();
        }
        assertThat(failed.getAttempt()).isEqualTo(1);
        int probedBefore = probes(site).size();

        // An operator's RETRY: the provisioner emits a new SiteProvisioned for attempt 2.
        SiteProvisioned second = SiteProvisioned.newBuilder(first)
                .setEventId(UUID.randomUUID())
                .setSignup(Signup.newBuilder(first.getSignup()).setAttempt(2).build())
                .build();
        send(second);
        await().atMost(Duration.ofSeconds(30)).until(() -> outcomes(tenant).size() == 2);
        KeysActive active = outcomes(tenant).stream()
                .filter(KeysActive.class::isInstance)
                .map(KeysActive.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(active.getSignup().getAttempt()).isEqualTo(2);

        double before = duplicates();
        send(second); // redelivery of attempt 2
        send(first); // and a late one of attempt 1
        await().atMost(Duration.ofSeconds(10)).until(() -> duplicates() >= before + 2);
        assertThat(outcomes(tenant)).hasSize(2);
        assertThat(probes(site)).hasSize(probedBefore + 1);
    }

    @Test
    @Order(8)
    void aSignupPastItsDeadlineIsNotVerifiedAndEmitsNothing() {
        String site = "expired" + suffix() + ".localhost";
        SiteProvisioned expired = SiteProvisioned.newBuilder(provisioned(site, "k", "s"))
                .setSignup(Signup.newBuilder(signup(UUID.randomUUID(), site))
                        .setDeadlineAt(Instant.now().minusSeconds(1))
                        .build())
                .build();

        send(expired);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> verifier.bean(PrometheusMeterRegistry.class)
                        .scrape()
                        .contains("benchline_verifier_outcomes_total{outcome=\"EXPIRED\""));
        assertThat(outcomes(expired.getTenantId())).isEmpty();
        assertThat(probes(site)).isEmpty();
    }

    @Test
    @Order(9)
    void aRestartWhileProbingResumesAndDecidesOnce() throws Exception {
        String site = "restart" + suffix() + ".localhost";
        bench.newSite(site);
        String secret = bench.generateKeys(site);
        String key = bench.apiKey(site);
        SiteProvisioned provisioned = provisioned(site, key, secret);

        send(provisioned);
        await().atMost(Duration.ofSeconds(10)).until(() -> probes(site).size() >= 1);
        verifier.close(); // mid-probe: the site is not routed yet
        int probedBeforeRestart = probes(site).size();
        bench.publishSites();
        Instant routed = Instant.now();
        verifier = startVerifier();

        KeysActive active = (KeysActive) awaitOutcome(provisioned.getTenantId());
        // The offset was committed at the stop: the new instance resumed from verifier.decisions.
        assertThat(verifier.bean(PrometheusMeterRegistry.class)
                        .get("benchline.verifier.resumed")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(probes(site)).hasSizeGreaterThan(probedBeforeRestart);
        assertThat(probes(site).get(probes(site).size() - 1).status()).isEqualTo(200);
        // Timed from before the first probe, and active only once routed (during the restart).
        assertThat(active.getActivationMillis())
                .isGreaterThanOrEqualTo(
                        Duration.between(probes(site).get(0).at(), routed).toMillis())
                .isLessThanOrEqualTo(DEADLINE.toMillis() + 5_000);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> outcomes(provisioned.getTenantId()).size() == 1);
    }

    /**
     * Anyone who can write to {@code tenant.site-provisioned} can copy a tenant's genuine sealed key into a forged
     * event whose {@code siteUrl} is their own host. The verifier checks the URL before it opens anything: nothing
     * reaches the foreign host, and the signup ends with INVALID_REQUEST.
     */
    @Test
    @Order(10)
    void aForgedEventPointingAGenuineKeyAtAForeignHostSendsNothingAndFailsTheSignup() throws Exception {
        try (ForeignHost foreign = ForeignHost.start()) {
            assertForeignHostAnswers(foreign);
            for (String foreignUrl : List.of(
                    "http://127.0.0.1:" + foreign.port(),
                    // Another name under the site domain: *.localhost resolves to the foreign host's address.
                    "http://mallory" + suffix() + ".localhost:" + foreign.port(),
                    "http://acme.localhost.evil.example:" + foreign.port())) {
                String site = "genuine" + suffix() + ".localhost";
                SimulatedBenchHost.ReadySite ready = bench.readySite(site);
                SiteProvisioned genuine = provisioned(site, ready.apiKey(), ready.apiSecret());
                SiteProvisioned forged = SiteProvisioned.newBuilder(genuine)
                        .setSite(Site.newBuilder(genuine.getSite())
                                .setSiteUrl(foreignUrl)
                                .build())
                        .build();

                send(forged);
                ProvisioningFailed failed = (ProvisioningFailed) awaitOutcome(forged.getTenantId());

                assertThat(failed.getStage()).isEqualTo(FailureStage.VERIFY);
                assertThat(failed.getReason()).as(foreignUrl).isEqualTo(FailureReason.INVALID_REQUEST);
                assertThat(failed.getRetryable()).isFalse();
                assertThat(failed.getMessage())
                        .contains("no credentials were sent")
                        .doesNotContain(ready.apiSecret(), ready.apiKey());
                assertThat(probes(site)).isEmpty();
            }
            assertNothingMoreReaches(foreign);
        }
    }

    /**
     * The forger's own site under the site domain passes the address check (its host is its subdomain's), but a
     * genuine key copied there was sealed for the victim's host: it does not open, and nothing is sent.
     */
    @Test
    @Order(11)
    void aGenuineKeyMovedToAnotherSiteOfTheDomainDoesNotOpenAndNothingIsSent() throws Exception {
        try (ForeignHost foreign = ForeignHost.start()) {
            assertForeignHostAnswers(foreign);
            String site = "victim" + suffix() + ".localhost";
            SimulatedBenchHost.ReadySite ready = bench.readySite(site);
            SiteProvisioned genuine = provisioned(site, ready.apiKey(), ready.apiSecret());
            String mallory = "mallory" + suffix();
            SiteProvisioned forged = SiteProvisioned.newBuilder(genuine)
                    .setSignup(Signup.newBuilder(genuine.getSignup())
                            .setSubdomain(mallory)
                            .setSiteName(mallory + ".localhost")
                            .setSiteUrl("http://" + mallory + ".localhost:" + foreign.port())
                            .build())
                    .setSite(Site.newBuilder(genuine.getSite())
                            .setSiteName(mallory + ".localhost")
                            .setSiteUrl("http://" + mallory + ".localhost:" + foreign.port())
                            .build())
                    .build();

            send(forged);
            ProvisioningFailed failed = (ProvisioningFailed) awaitOutcome(forged.getTenantId());

            assertThat(failed.getStage()).isEqualTo(FailureStage.VERIFY);
            assertThat(failed.getReason()).isEqualTo(FailureReason.INTERNAL_ERROR);
            assertThat(failed.getMessage()).contains("do not open").doesNotContain(ready.apiSecret());
            assertThat(probes(site)).isEmpty();
            assertNothingMoreReaches(foreign);
        }
    }

    /** The foreign host is really there: a request from the test reaches it (and is the only one it may get). */
    private static void assertForeignHostAnswers(ForeignHost foreign) throws Exception {
        var answer = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://127.0.0.1:" + foreign.port() + "/alive"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(foreign.received()).hasSize(1);
    }

    private static void assertNothingMoreReaches(ForeignHost foreign) {
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> foreign.received().size() == 1);
        assertThat(foreign.received()).extracting(ForeignHost.Received::path).containsExactly("/alive");
    }

    private static RunningService startVerifier() {
        return RunningService.start(
                VerifierApplication.class,
                Map.ofEntries(
                        Map.entry("spring.main.web-application-type", "reactive"),
                        Map.entry("server.address", "127.0.0.1"),
                        Map.entry("spring.kafka.consumer.group-id", GROUP),
                        Map.entry("benchline.secrets.keysets.site-credentials.json", SITE_KEYSET),
                        Map.entry("benchline.sites.allow-plain-http", "true"),
                        Map.entry("benchline.sites.domains", "localhost"),
                        Map.entry("benchline.sites.resolve[*.localhost]", "127.0.0.1"),
                        Map.entry("benchline.verifier.first-backoff", "200ms"),
                        Map.entry("benchline.verifier.max-backoff", "800ms"),
                        Map.entry("benchline.verifier.max-attempts", "40"),
                        Map.entry("benchline.verifier.deadline", DEADLINE.toMillis() + "ms"),
                        Map.entry("benchline.verifier.probe-timeout", "2s")));
    }

    private static double duplicates() {
        var counter = verifier.bean(PrometheusMeterRegistry.class)
                .find("benchline.verifier.duplicates")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static List<RecordedRequest> probes(String site) {
        return bench.simulator.requests().stream()
                .filter(r -> site.equals(r.site()) && r.path().equals(LOGGED_USER))
                .toList();
    }

    private static void send(SiteProvisioned event) {
        Publish.event("/benchline/test-provisioner", event);
    }

    private static SpecificRecord awaitOutcome(UUID tenant) {
        List<SpecificRecord> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    found.clear();
                    found.addAll(outcomes(tenant));
                    return !found.isEmpty();
                });
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    /** Every KeysActive and ProvisioningFailed for the tenant, read from the start of both topics. */
    private static List<SpecificRecord> outcomes(UUID tenant) {
        return TopicDump.events(tenant, Topic.KEYS_ACTIVE, Topic.PROVISIONING_FAILED);
    }

    /** A SiteProvisioned for a new tenant of {@code site}, with real sealed keys and a deadline in the future. */
    private static SiteProvisioned provisioned(String site, String key, String secret) {
        UUID tenant = UUID.randomUUID();
        Instant now = Instant.now();
        return SiteProvisioned.newBuilder(SampleEvents.siteProvisioned(tenant))
                .setOccurredAt(now)
                .setSignup(signup(tenant, site))
                .setSite(Site.newBuilder(SampleEvents.site(subdomainOf(site)))
                        .setSiteUrl(bench.siteUrl(site))
                        .setApiKey(
                                SITE_SEALER.seal(new SealingContext(tenant, site), SealedField.API_KEY, Secret.of(key)))
                        .setApiSecret(SITE_SEALER.seal(
                                new SealingContext(tenant, site), SealedField.API_SECRET, Secret.of(secret)))
                        .setProvisionedAt(now)
                        .build())
                .build();
    }

    private static Signup signup(UUID tenant, String site) {
        Instant now = Instant.now();
        return Signup.newBuilder(SampleEvents.signup(subdomainOf(site)))
                .setSiteUrl(bench.siteUrl(site))
                .setPassword(PASSWORD_SEALER.seal(
                        new SealingContext(tenant, site), SealedField.PASSWORD, Secret.of("Customer-Passw0rd!")))
                .setRequestedAt(now)
                .setDeadlineAt(now.plus(Duration.ofMinutes(30)))
                .build();
    }

    private static String subdomainOf(String site) {
        return site.substring(0, site.indexOf('.'));
    }
}
