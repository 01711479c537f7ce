package io.benchline.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.benchline.events.FailureReason;
import io.benchline.events.FailureStage;
import io.benchline.events.Plan;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.SealedSecret;
import io.benchline.events.SecretPurpose;
import io.benchline.events.Signup;
import io.benchline.events.SignupCompleted;
import io.benchline.events.Site;
import io.benchline.events.SiteProvisioned;
import io.benchline.events.StageDurations;
import io.benchline.events.TenantRequested;
import io.benchline.schemas.AvroEventSerializer;
import io.benchline.schemas.EventMetadata;
import io.benchline.schemas.Topic;
import io.benchline.simulator.FailurePlan;
import io.benchline.simulator.IssuedSecret;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import io.benchline.testing.KafkaTestBroker;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each invariant check can fail: a planted violation (on a real broker, a real simulated bench host over SSH, real
 * log files) is reported by that invariant and by no other, and a clean run of the same shapes (a completed signup,
 * one failed after its site was built and dropped, one whose interrupted build was dropped and rebuilt, a claimed
 * standby, a dead letter of a settled tenant) is reported by none. The broker is shared with other test classes,
 * so every assertion looks only at the violations that name this test's tenants, sites or topics.
 */
class InvariantCheckerTests {

    private static final Duration READ_LIMIT = Duration.ofSeconds(3);
    private static final String BENCH = SimulatedBenchHost.BENCH_FOLDER;

    @TempDir
    static Path folder;

    private static SimulatedBenchHost host;
    private static KafkaProducer<String, SpecificRecord> events;
    private static KafkaProducer<String, byte[]> raw;

    @TempDir
    Path logs;

    private final List<AcceptedSignup> accepted = new ArrayList<>();

    @BeforeAll
    static void start() {
        host = SimulatedBenchHost.start(folder.resolve("bench"));
        events = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers()),
                new StringSerializer(),
                new AvroEventSerializer("/benchline/invariant-checker-tests"));
        raw = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        events.close();
        raw.close();
        host.close();
    }

    @Test
    void cleanEvidenceHoldsEveryInvariant() throws Exception {
        Signed completed = completedSignup("clean-done");
        Signed failed = failedSignup("clean-failed");
        // An interrupted new-site leaves a half-built site; dropping and rebuilding it is correct.
        Signed rebuilt = requested("clean-rebuilt");
        host.simulator.faults().failCommand("new-site", FailurePlan.onCall(1));
        assertThatThrownBy(() -> host.newSite(rebuilt.site)).isInstanceOf(IllegalStateException.class);
        host.simulator.faults().clear();
        dropSite(rebuilt.site);
        finishAsCompleted(rebuilt, true);
        Signed claimed = claimedStandby("clean-claimed");
        deadLetter(completed, true);
        Files.writeString(logs.resolve("signup-service.log"), "tenant " + completed.tenantId + " completed\n");

        InvariantChecker checker = checker();
        List<InvariantResult> results = checker.check();

        assertThat(checker.outcomes()).containsKeys("SignupCompleted", "ProvisioningFailed PROVISION/KEYS_REJECTED");
        assertThat(results)
                .extracting(InvariantResult::name)
                .containsExactly(
                        "one-terminal-event",
                        "one-live-site-per-tenant",
                        "unique-subdomains",
                        "keys-not-rotated",
                        "completed-has-user",
                        "failed-leaves-no-site",
                        "no-plaintext-secrets",
                        "dlt-explained",
                        "no-open-transactions");
        assertThat(violationsNaming(results, completed, failed, rebuilt, claimed))
                .isEmpty();
        assertThat(results).allSatisfy(r -> assertThat(r.checked()).as(r.name()).isPositive());
    }

    @Test
    void oneTerminalEventReportsLostUnfinishedAndDoubleOutcomes() throws Exception {
        Signed lost = new Signed(UUID.randomUUID(), "lost-" + suffix() + ".localhost");
        accepted.add(new AcceptedSignup(
                lost.tenantId.toString(), lost.subdomain(), "a@b.example", "Lost-pass-1", Instant.now()));
        Signed unfinished = requested("unfinished");
        Signed twice = requested("twice");
        send(failed(twice, FailureReason.SUBDOMAIN_TAKEN));
        send(failed(twice, FailureReason.SUBDOMAIN_TAKEN));
        // signup-service accepted it (its status exists) but the driver never got the 202, and nothing followed.
        Signed unanswered = new Signed(UUID.randomUUID(), "unanswered-" + suffix() + ".localhost");
        raw.send(new ProducerRecord<>(
                        KafkaReading.SIGNUP_STATUS, unanswered.tenantId.toString(), bytes("{\"state\":\"ACCEPTED\"}")))
                .get();

        List<InvariantResult> results = check();

        assertOnlyViolated(results, "one-terminal-event", lost, unfinished, twice, unanswered);
        assertThat(violated(results, "one-terminal-event"))
                .anySatisfy(
                        v -> assertThat(v).contains(lost.tenantId.toString()).contains("lost"))
                .anySatisfy(v ->
                        assertThat(v).contains(unfinished.tenantId.toString()).contains("no terminal event"))
                .anySatisfy(
                        v -> assertThat(v).contains(twice.tenantId.toString()).contains("2 terminal events"));
    }

    @Test
    void oneLiveSitePerTenantReportsASiteBuiltTwice() throws Exception {
        Signed twice = requested("built-twice");
        host.newSite(twice.site);
        dropSite(twice.site); // a finished site dropped before any SiteProvisioned: the tenant's site built twice
        finishAsCompleted(twice, true);

        assertOnlyViolated(check(), "one-live-site-per-tenant", twice);
    }

    @Test
    void uniqueSubdomainsReportsOneSiteEmittedForTwoTenants() throws Exception {
        Signed first = completedSignup("shared");
        Signed second = new Signed(UUID.randomUUID(), first.site);
        send(tenantRequested(second));
        host.run("bench --site " + second.site + " add-system-manager " + second.email() + " --first-name Jo");
        send(siteProvisioned(second));
        send(signupCompleted(second));

        assertOnlyViolated(check(), "unique-subdomains", first, second);
    }

    @Test
    void keysNotRotatedReportsAGenerateKeysWhileTheSignupIsLive() throws Exception {
        Signed rotated = requested("rotated");
        host.newSite(rotated.site);
        host.generateKeys(rotated.site);
        send(siteProvisioned(rotated));
        nextMillisecond();
        host.generateKeys(rotated.site); // the emitted secret stops working before the signup completed
        nextMillisecond();
        addUser(rotated);
        send(signupCompleted(rotated));

        assertOnlyViolated(check(), "keys-not-rotated", rotated);
    }

    @Test
    void completedHasUserReportsASiteWithoutTheCustomer() throws Exception {
        Signed userless = requested("userless");
        host.newSite(userless.site);
        host.generateKeys(userless.site);
        send(siteProvisioned(userless));
        send(signupCompleted(userless));

        assertOnlyViolated(check(), "completed-has-user", userless);
    }

    @Test
    void failedLeavesNoSiteReportsABuiltSiteAndAHalfBuiltOneLeftBehind() throws Exception {
        Signed built = requested("left-built");
        host.newSite(built.site);
        host.generateKeys(built.site);
        send(siteProvisioned(built));
        send(failed(built, FailureReason.KEYS_REJECTED));
        Signed halfBuilt = requested("left-half");
        host.simulator.faults().failCommand("new-site", FailurePlan.onCall(1));
        assertThatThrownBy(() -> host.newSite(halfBuilt.site)).isInstanceOf(IllegalStateException.class);
        host.simulator.faults().clear();
        send(failed(halfBuilt, FailureReason.BENCH_COMMAND_FAILED));

        List<InvariantResult> results = check();

        assertOnlyViolated(results, "failed-leaves-no-site", built, halfBuilt);
        assertThat(violated(results, "failed-leaves-no-site"))
                .anySatisfy(v -> assertThat(v).contains(built.site))
                .anySatisfy(v -> assertThat(v).contains(halfBuilt.site).contains("BROKEN"));
    }

    @Test
    void noPlaintextSecretsFindsAPasswordInAnAbortedRecordAndAnApiSecretInALog() throws Exception {
        Signed leaky = completedSignup("leaky");
        String password = accepted.get(accepted.size() - 1).password();
        String topic = "invariant-checker-tests.leaky-" + suffix();
        try (KafkaProducer<String, byte[]> transactional = transactionalProducer()) {
            transactional.initTransactions();
            transactional.beginTransaction();
            transactional
                    .send(new ProducerRecord<>(
                            topic, "k", ("{\"pwd\":\"" + password + "\"}").getBytes(StandardCharsets.UTF_8)))
                    .get();
            transactional.abortTransaction();
        }
        String secret = host.simulator.issuedSecrets().stream()
                .filter(s ->
                        s.kind() == IssuedSecret.Kind.API_SECRET && s.site().equals(leaky.site))
                .findFirst()
                .orElseThrow()
                .value();
        Files.writeString(logs.resolve("provisioner-service.log"), "INFO keys ready: " + secret + "\n");

        List<InvariantResult> results = check();

        assertOnlyViolated(results, "no-plaintext-secrets", leaky);
        assertThat(violated(results, "no-plaintext-secrets"))
                .anySatisfy(v -> assertThat(v)
                        .contains("password of tenant " + leaky.tenantId)
                        .contains(topic))
                .anySatisfy(v -> assertThat(v)
                        .contains("API secret issued on " + leaky.site)
                        .contains("provisioner-service.log"))
                .noneSatisfy(v -> assertThat(v).contains(password))
                .noneSatisfy(v -> assertThat(v).contains(secret));
    }

    @Test
    void dltExplainedReportsMissingSpringHeadersAndAStalledTenant() throws Exception {
        Signed bare = completedSignup("dlt-bare");
        deadLetter(bare, false);

        assertOnlyViolated(check(), "dlt-explained", bare);

        // A dead letter of a tenant that never ended is unexplained (and that tenant has no terminal event either).
        Signed stalled = requested("dlt-stalled");
        deadLetter(stalled, true);
        assertThat(violated(check(), "dlt-explained"))
                .anySatisfy(
                        v -> assertThat(v).contains(stalled.tenantId.toString()).contains("never reached"));
    }

    @Test
    void noOpenTransactionsReportsAPartitionHeldBack() throws Exception {
        String topic = "invariant-checker-tests.open-" + suffix();
        try (KafkaProducer<String, byte[]> transactional = transactionalProducer()) {
            transactional.initTransactions();
            transactional.beginTransaction();
            transactional.send(new ProducerRecord<>(topic, "k", new byte[] {1})).get();

            List<InvariantResult> results = check();

            assertThat(results)
                    .filteredOn(r -> !r.name().equals("no-open-transactions"))
                    .allSatisfy(r -> assertThat(r.violations()).noneMatch(v -> v.contains(topic)));
            assertThat(violated(results, "no-open-transactions"))
                    .anySatisfy(v -> assertThat(v).contains(topic));
            transactional.abortTransaction();
        }
    }

    // --- the shapes of signups, as the services would leave them

    /** A signup's ids: its tenant and its site's name. */
    private record Signed(UUID tenantId, String site) {
        String subdomain() {
            return site.substring(0, site.indexOf('.'));
        }

        String email() {
            return "owner-" + tenantId.toString().substring(0, 8) + "@example.com";
        }
    }

    private Signed requested(String prefix) throws Exception {
        Signed s = new Signed(UUID.randomUUID(), prefix + "-" + suffix() + "." + SimulatedBenchHost.DOMAIN);
        accepted.add(new AcceptedSignup(
                s.tenantId.toString(), s.subdomain(), s.email(), "Pw-" + UUID.randomUUID(), Instant.now()));
        send(tenantRequested(s));
        nextMillisecond();
        return s;
    }

    private Signed completedSignup(String prefix) throws Exception {
        Signed s = requested(prefix);
        host.newSite(s.site);
        finishAsCompleted(s, false);
        return s;
    }

    /** Keys, SiteProvisioned, the customer's user, SignupCompleted, then the keys revoked as the provisioner does. */
    private void finishAsCompleted(Signed s, boolean build) throws Exception {
        if (build) {
            host.newSite(s.site);
        }
        host.generateKeys(s.site);
        nextMillisecond();
        send(siteProvisioned(s));
        addUser(s);
        send(signupCompleted(s));
        nextMillisecond();
        host.generateKeys(s.site);
    }

    private Signed failedSignup(String prefix) throws Exception {
        Signed s = requested(prefix);
        host.newSite(s.site);
        host.generateKeys(s.site);
        nextMillisecond();
        send(siteProvisioned(s));
        send(failed(s, FailureReason.KEYS_REJECTED));
        nextMillisecond();
        dropSite(s.site);
        return s;
    }

    /** A standby built under its own name, then renamed to the customer's (the pool's claim). */
    private Signed claimedStandby(String prefix) throws Exception {
        String standby = "standby-" + suffix() + "." + SimulatedBenchHost.DOMAIN;
        host.newSite(standby);
        host.generateKeys(standby);
        Signed s = requested(prefix);
        host.run("cd " + BENCH + " && test ! -e 'sites/" + s.site + "' && mv -T 'sites/" + standby + "' 'sites/"
                + s.site + "'");
        finishAsCompleted(s, false);
        return s;
    }

    private void addUser(Signed s) {
        host.run("bench --site " + s.site + " add-system-manager " + s.email() + " --first-name Jane");
    }

    private void dropSite(String site) {
        host.run("bench drop-site " + site + " --force --no-backup");
    }

    private void deadLetter(Signed s, boolean springHeaders) throws ExecutionException, InterruptedException {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                Topic.SITE_PROVISIONED.deadLetterTopicName(), s.tenantId.toString(), new byte[] {0, 1, 2});
        if (springHeaders) {
            record.headers()
                    .add("kafka_dlt-exception-fqcn", bytes("org.apache.kafka.common.errors.SerializationException"));
            record.headers().add("kafka_dlt-original-topic", bytes(Topic.SITE_PROVISIONED.topicName()));
            record.headers().add("kafka_dlt-original-partition", new byte[] {0, 0, 0, 0});
            record.headers().add("kafka_dlt-original-offset", new byte[] {0, 0, 0, 0, 0, 0, 0, 7});
        }
        raw.send(record).get();
    }

    // --- checking

    private List<InvariantResult> check() {
        return checker().check();
    }

    private InvariantChecker checker() {
        ChaosEvidence evidence = new ChaosEvidence(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers()),
                host.simulator,
                logs,
                accepted);
        return new InvariantChecker(evidence, READ_LIMIT);
    }

    /** The named invariant reports each planted signup, and no other invariant names any of them. */
    private static void assertOnlyViolated(List<InvariantResult> results, String invariant, Signed... planted) {
        for (Signed s : planted) {
            assertThat(violated(results, invariant))
                    .as("%s reports %s", invariant, s)
                    .anySatisfy(v -> assertThat(v).containsAnyOf(s.tenantId.toString(), s.site));
        }
        assertThat(results)
                .filteredOn(r -> !r.name().equals(invariant))
                .allSatisfy(r -> assertThat(violationsNaming(List.of(r), planted))
                        .as(r.name())
                        .isEmpty());
    }

    private static List<String> violated(List<InvariantResult> results, String invariant) {
        return results.stream()
                .filter(r -> r.name().equals(invariant))
                .flatMap(r -> r.violations().stream())
                .toList();
    }

    private static List<String> violationsNaming(List<InvariantResult> results, Signed... signed) {
        return results.stream()
                .flatMap(r -> r.violations().stream().map(v -> r.name() + ": " + v))
                .filter(v -> Stream.of(signed).anyMatch(s -> v.contains(s.tenantId.toString()) || v.contains(s.site)))
                .toList();
    }

    // --- events

    private static void send(SpecificRecord event) throws ExecutionException, InterruptedException {
        Topic topic = Topic.byEventType(event.getClass()).orElseThrow();
        events.send(new ProducerRecord<>(
                        topic.topicName(), EventMetadata.of(event).tenantId().toString(), event))
                .get();
    }

    private static TenantRequested tenantRequested(Signed s) {
        return TenantRequested.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(s.tenantId)
                .setOccurredAt(Instant.now())
                .setSignup(signup(s))
                .build();
    }

    private static SiteProvisioned siteProvisioned(Signed s) {
        return SiteProvisioned.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(s.tenantId)
                .setOccurredAt(Instant.now())
                .setSignup(signup(s))
                .setSite(Site.newBuilder()
                        .setSiteName(s.site)
                        .setSiteUrl(host.siteUrl(s.site))
                        .setBenchHost("bench-1")
                        .setApiKey(sealed(SecretPurpose.SITE_CREDENTIALS))
                        .setApiSecret(sealed(SecretPurpose.SITE_CREDENTIALS))
                        .setProvisionedAt(Instant.now())
                        .build())
                .build();
    }

    private static SignupCompleted signupCompleted(Signed s) {
        return SignupCompleted.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(s.tenantId)
                .setOccurredAt(Instant.now())
                .setOrganization("Acme")
                .setSubdomain(s.subdomain())
                .setSiteUrl(host.siteUrl(s.site))
                .setDashboardUrl(host.siteUrl(s.site) + "/app")
                .setAdminEmail(s.email())
                .setPlan(Plan.FREE)
                .setDurations(StageDurations.newBuilder()
                        .setProvisionMillis(1)
                        .setVerifyMillis(1)
                        .setUserMillis(1)
                        .setTotalMillis(3)
                        .build())
                .build();
    }

    private static ProvisioningFailed failed(Signed s, FailureReason reason) {
        return ProvisioningFailed.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(s.tenantId)
                .setOccurredAt(Instant.now())
                .setStage(FailureStage.PROVISION)
                .setReason(reason)
                .setMessage("planted")
                .setRetryable(false)
                .setSubdomain(s.subdomain())
                .build();
    }

    private static Signup signup(Signed s) {
        return Signup.newBuilder()
                .setOrganization("Acme")
                .setSubdomain(s.subdomain())
                .setSiteName(s.site)
                .setSiteUrl(host.siteUrl(s.site))
                .setEmail(s.email())
                .setFirstName("Jane")
                .setPassword(sealed(SecretPurpose.CUSTOMER_PASSWORD))
                .setRequestedAt(Instant.now())
                .setDeadlineAt(Instant.now().plusSeconds(600))
                .build();
    }

    private static SealedSecret sealed(SecretPurpose purpose) {
        return SealedSecret.newBuilder()
                .setPurpose(purpose)
                .setCiphertext(ByteBuffer.wrap(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    private static KafkaProducer<String, byte[]> transactionalProducer() {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KafkaTestBroker.bootstrapServers(),
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        "invariant-checker-tests-" + UUID.randomUUID()),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    /**
     * Record timestamps and the host's journal both count whole milliseconds: steps whose order a check relies on are
     * kept in different ones.
     */
    private static void nextMillisecond() {
        long now = System.currentTimeMillis();
        await().pollInterval(Duration.ofMillis(1)).until(() -> System.currentTimeMillis() > now);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
