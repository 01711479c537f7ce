package io.benchline.provisioner;

import static io.benchline.testing.TopicDump.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.benchline.events.EmailVerification;
import io.benchline.events.EmailVerificationStatus;
import io.benchline.events.FailureReason;
import io.benchline.events.LoginKeyIssued;
import io.benchline.events.LoginKeyRequested;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.SecretPurpose;
import io.benchline.events.Signup;
import io.benchline.events.SiteOperation;
import io.benchline.events.SiteOperationCompleted;
import io.benchline.events.SiteProvisioned;
import io.benchline.events.TenantRequested;
import io.benchline.platform.secrets.Keysets;
import io.benchline.platform.secrets.SealedField;
import io.benchline.platform.secrets.SealingContext;
import io.benchline.platform.secrets.SealingException;
import io.benchline.platform.secrets.SecretSealer;
import io.benchline.platform.secrets.SecretSealers;
import io.benchline.platform.secrets.SecretsProperties;
import io.benchline.schemas.Topic;
import io.benchline.simulator.SimulatedSiteState;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import io.benchline.testing.CapturedLogs;
import io.benchline.testing.KafkaTestBroker;
import io.benchline.testing.Publish;
import io.benchline.testing.RunningService;
import io.benchline.testing.SecretScan;
import io.benchline.testing.TopicDump;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-off on a real broker and a simulated bench host over real SSH: a LoginKeyRequested for a provisioned
 * tenant is answered with a LOGIN_KEY-sealed one-time key for the customer's own user, taken from the ledger, that
 * opens only for that tenant and site and logs the customer in once; a redelivered request mints nothing more; a
 * tenant the provisioner never finished, an unknown tenant, or a hostile or Administrator email is refused before
 * any command; no key is ever in a log line or a Kafka record in plain text. EmailVerification EXPIRED drops the
 * tenant's site once, and never a site the tenant did not get.
 */
class HandOffTests {

    private static final String MINT = "_generate_temporary_login_link";
    private static final String CUSTOMER = "jane@acme.example";

    @TempDir
    static Path folder;

    static SimulatedBenchHost host;
    static RunningProvisioner provisioner;
    static CapturedLogs logs;
    static String group = "handoff-it-" + UUID.randomUUID();
    static String loginKeyKeyset = Keysets.generateJson();
    static SecretSealer loginKeys = new SecretSealers(new SecretsProperties(
                    Map.of(SecretPurpose.LOGIN_KEY, new SecretsProperties.KeysetSource(null, loginKeyKeyset))))
            .forPurpose(SecretPurpose.LOGIN_KEY);

    @BeforeAll
    static void start() {
        host = SimulatedBenchHost.start(folder.resolve("bench-1"));
        Map<String, String> properties = new HashMap<>(host.properties(0, "bench-1", 2));
        properties.put("benchline.secrets.keysets.login-key.json", loginKeyKeyset);
        provisioner = RunningProvisioner.start(group, Keysets.generateJson(), properties);
        // After the start: Spring Boot's logging set-up would otherwise end the capture.
        logs = CapturedLogs.start();
    }

    @AfterAll
    static void stop() {
        if (provisioner != null) {
            provisioner.close();
        }
        if (host != null) {
            host.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    @Test
    void aProvisionedTenantGetsASealedSingleUseKeyForItsCustomerThatOpensOnlyForItsTenantAndSite() {
        TenantRequested request = provisioned(Requests.subdomain("key"), CUSTOMER);
        UUID tenant = request.getTenantId();
        String site = request.getSignup().getSiteName();
        host.run("bench --site " + site + " add-system-manager " + CUSTOMER + " --first-name Jane");

        Instant asked = Instant.now();
        LoginKeyRequested ask = requestFor(tenant);
        Publish.event("/benchline/signup-service", ask);
        LoginKeyIssued issued = answerTo(ask);

        assertThat(issued.getFailure()).isNull();
        assertThat(issued.getLoginKey()).isNotNull();
        assertThat(issued.getLoginKey().getPurpose()).isEqualTo(SecretPurpose.LOGIN_KEY);
        assertThat(issued.getExpiresAt())
                .isAfter(asked.plus(Duration.ofSeconds(90)))
                .isBefore(Instant.now().plus(Duration.ofMinutes(2)).plusSeconds(1));
        String siteHost = URI.create(request.getSignup().getSiteUrl()).getHost();
        String key = loginKeys
                .open(new SealingContext(tenant, siteHost), SealedField.LOGIN_KEY, issued.getLoginKey())
                .reveal();
        assertThat(key).matches("[A-Za-z0-9]{20,128}");
        assertThatThrownBy(() -> loginKeys.open(
                        new SealingContext(UUID.randomUUID(), siteHost), SealedField.LOGIN_KEY, issued.getLoginKey()))
                .isInstanceOf(SealingException.class);
        assertThatThrownBy(() -> loginKeys.open(
                        new SealingContext(tenant, "other.localhost"), SealedField.LOGIN_KEY, issued.getLoginKey()))
                .isInstanceOf(SealingException.class);

        // Minted once, for the ledger's customer, for the configured two minutes.
        assertThat(host.simulator.commands())
                .filteredOn(c -> c.commandLine().contains(MINT))
                .filteredOn(c -> c.commandLine().contains(site))
                .singleElement()
                .satisfies(c -> assertThat(c.commandLine()).endsWith("--args \"['" + CUSTOMER + "', 2]\""));

        // The key logs the customer's user in, once.
        HttpResponse<String> first = DirectFrappe.loginViaKey(host, site, key);
        assertThat(first.statusCode()).isEqualTo(302);
        assertThat(first.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/app"));
        assertThat(first.headers().allValues("Set-Cookie"))
                .anyMatch(c -> c.startsWith("user_id=jane%40acme.example"))
                .noneMatch(c -> c.startsWith("user_id=Administrator"));
        assertThat(DirectFrappe.loginViaKey(host, site, key).statusCode()).isEqualTo(403);

        SecretScan.assertNotInLogs(key, logs.lines());
        SecretScan.assertNotInRecords(key, TopicDump.all(KafkaTestBroker.bootstrapServers()));
        assertThat(meter("benchline.login.keys", "outcome", "issued")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aRedeliveredRequestIsAnsweredWithTheSameEventAndMintsNothingMore() {
        TenantRequested request = provisioned(Requests.subdomain("again"), CUSTOMER);
        String site = request.getSignup().getSiteName();
        host.run("bench --site " + site + " add-system-manager " + CUSTOMER + " --first-name Jane");
        LoginKeyRequested ask = requestFor(request.getTenantId());

        Publish.event("/benchline/signup-service", ask);
        LoginKeyIssued issued = answerTo(ask);
        RecordMetadata again = Publish.event("/benchline/signup-service", ask);
        RunningService.awaitConsumed(group + "-login-keys", again);

        assertThat(host.count(site, MINT)).isEqualTo(1);
        assertThat(answersTo(ask)).allSatisfy(a -> assertThat(a.getEventId()).isEqualTo(issued.getEventId()));
        assertThat(issued.getLoginKey()).isNotNull();
    }

    @Test
    void anUnknownTenantOrOneWhoseProvisioningFailedIsRefusedWithoutACommand() {
        long mintsBefore = mints();
        LoginKeyRequested unknown = requestFor(UUID.randomUUID());
        Publish.event("/benchline/signup-service", unknown);
        LoginKeyIssued refused = answerTo(unknown);
        assertThat(refused.getLoginKey()).isNull();
        assertThat(refused.getExpiresAt()).isNull();
        assertThat(refused.getFailure()).contains("not provisioned");

        // Someone else's site already has the name: the tenant fails SUBDOMAIN_TAKEN and gets no key on that site.
        String subdomain = Requests.subdomain("taken");
        host.newSite(subdomain + ".localhost");
        TenantRequested taken = Requests.forSubdomain(subdomain);
        Requests.send(provisioner, taken);
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        !events(ProvisioningFailed.class, taken.getTenantId()).isEmpty());
        assertThat(events(ProvisioningFailed.class, taken.getTenantId()).get(0).getReason())
                .isEqualTo(FailureReason.SUBDOMAIN_TAKEN);
        LoginKeyRequested forTaken = requestFor(taken.getTenantId());
        Publish.event("/benchline/signup-service", forTaken);
        assertThat(answerTo(forTaken).getFailure()).contains("has not finished");

        assertThat(mints()).isEqualTo(mintsBefore);
        assertThat(meter("benchline.login.keys", "outcome", "refused")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void hostileOrAdministratorEmailsAreRefusedBeforeAnyCommand() {
        List<String> hostile = List.of(
                "",
                " ",
                "Administrator",
                "administrator@acme.example",
                "ADMIN@example.com",
                "guest@example.com",
                "jane@acme.example', 60]; import os #",
                "jane@acme.example\"",
                "jane@acme.example $(id)",
                "jane@acme.example;id",
                "jane doe@acme.example",
                "jane@acme.example\nid",
                "j\u00e4ne@acme.example");
        long mintsBefore = mints();
        for (String email : hostile) {
            TenantRequested request = provisioned(Requests.subdomain("hostile"), email);
            LoginKeyRequested ask = requestFor(request.getTenantId());
            Publish.event("/benchline/signup-service", ask);
            LoginKeyIssued answer = answerTo(ask);
            assertThat(answer.getLoginKey()).as("key for %s", email).isNull();
            assertThat(answer.getFailure()).as("failure for %s", email).isNotBlank();
            if (email.contains("@")) {
                assertThat(answer.getFailure()).as("failure for %s", email).doesNotContain(email);
            }
        }
        assertThat(mints()).isEqualTo(mintsBefore);
    }

    @Test
    void expiredVerificationDropsTheTenantsSiteOnceAndItsKeysAreRefusedAfter() {
        TenantRequested request = provisioned(Requests.subdomain("expired"), CUSTOMER);
        UUID tenant = request.getTenantId();
        String site = request.getSignup().getSiteName();

        Publish.event("/benchline/signup-service", verification(tenant, EmailVerificationStatus.CODE_SENT));
        RecordMetadata expired =
                Publish.event("/benchline/signup-service", verification(tenant, EmailVerificationStatus.EXPIRED));
        await().atMost(Duration.ofSeconds(60)).until(() -> host.count(site, "drop-site") == 1);
        RunningService.awaitConsumed(group + "-tenant-removal", expired);
        assertThat(host.simulator.site(site))
                .hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(SimulatedSiteState.ARCHIVED));
        assertThat(meter("benchline.tenants.removed", "reason", "email_not_verified"))
                .isGreaterThanOrEqualTo(1);
        assertThat(logs.lines()).anyMatch(l -> l.contains("tenant " + tenant + " removed: email never verified"));
        UUID dropId = UUID.nameUUIDFromBytes(
                ("benchline:site-op:email-not-verified:" + tenant).getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !events(SiteOperationCompleted.class, tenant).isEmpty());
        SiteOperationCompleted dropped =
                events(SiteOperationCompleted.class, tenant).get(0);
        assertThat(dropped.getOperation()).isEqualTo(SiteOperation.DROP);
        assertThat(dropped.getOperationId()).isEqualTo(dropId);
        assertThat(dropped.getSucceeded()).isTrue();
        assertThat(dropped.getBenchHost()).isEqualTo("bench-1");
        assertThat(dropped.getSiteName()).isEqualTo(site);

        RecordMetadata again =
                Publish.event("/benchline/signup-service", verification(tenant, EmailVerificationStatus.EXPIRED));
        RunningService.awaitConsumed(group + "-tenant-removal", again);
        assertThat(host.count(site, "drop-site")).isEqualTo(1);
        assertThat(events(SiteOperationCompleted.class, tenant))
                .allSatisfy(c -> assertThat(c.getEventId()).isEqualTo(dropped.getEventId()));

        LoginKeyRequested late = requestFor(tenant);
        Publish.event("/benchline/signup-service", late);
        assertThat(answerTo(late).getFailure()).contains("removed");
        assertThat(host.count(site, MINT)).isZero();
    }

    @Test
    void expiredVerificationLeavesASiteTheTenantDidNotGetAlone() {
        String subdomain = Requests.subdomain("other");
        String site = subdomain + ".localhost";
        host.newSite(site);
        TenantRequested taken = Requests.forSubdomain(subdomain);
        Requests.send(provisioner, taken);
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        !events(ProvisioningFailed.class, taken.getTenantId()).isEmpty());

        RecordMetadata expired = Publish.event(
                "/benchline/signup-service", verification(taken.getTenantId(), EmailVerificationStatus.EXPIRED));
        RunningService.awaitConsumed(group + "-tenant-removal", expired);

        assertThat(host.count(site, "drop-site")).isZero();
        assertThat(host.simulator.site(site))
                .hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(SimulatedSiteState.READY));
        assertThat(events(SiteOperationCompleted.class, taken.getTenantId())).isEmpty();
    }

    @Test
    void unreadableRecordsGoToTheirDeadLetterTopicsAndTheListenersGoOn() {
        String key = UUID.randomUUID().toString();
        for (Topic topic : List.of(Topic.LOGIN_KEY_REQUESTED, Topic.EMAIL_VERIFICATION)) {
            Publish.raw(topic.topicName(), key, "not avro".getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> TopicDump.of(KafkaTestBroker.bootstrapServers(), topic.deadLetterTopicName()).stream()
                            .anyMatch(r -> key.equals(r.keyText())));
        }
        LoginKeyRequested after = requestFor(UUID.randomUUID());
        Publish.event("/benchline/signup-service", after);
        assertThat(answerTo(after).getFailure()).isNotBlank();
    }

    private static TenantRequested provisioned(String subdomain, String email) {
        TenantRequested plain = Requests.forSubdomain(subdomain);
        TenantRequested request = TenantRequested.newBuilder(plain)
                .setSignup(Signup.newBuilder(plain.getSignup()).setEmail(email).build())
                .build();
        Requests.send(provisioner, request);
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        !events(SiteProvisioned.class, request.getTenantId()).isEmpty());
        return request;
    }

    private static LoginKeyRequested requestFor(UUID tenant) {
        return LoginKeyRequested.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenant)
                .setOccurredAt(Instant.now())
                .setRequestId(UUID.randomUUID())
                .build();
    }

    private static EmailVerification verification(UUID tenant, EmailVerificationStatus status) {
        return EmailVerification.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenant)
                .setOccurredAt(Instant.now())
                .setStatus(status)
                .setCodesSent(1)
                .build();
    }

    private static List<LoginKeyIssued> answersTo(LoginKeyRequested ask) {
        return events(LoginKeyIssued.class, ask.getTenantId()).stream()
                .filter(i -> i.getRequestId().equals(ask.getRequestId()))
                .toList();
    }

    private static LoginKeyIssued answerTo(LoginKeyRequested ask) {
        await().atMost(Duration.ofSeconds(60)).until(() -> !answersTo(ask).isEmpty());
        return answersTo(ask).get(0);
    }

    private static long mints() {
        return host.simulator.commands().stream()
                .filter(c -> c.commandLine().contains(MINT))
                .count();
    }

    private static double meter(String name, String tag, String value) {
        return provisioner.bean(MeterRegistry.class).counter(name, tag, value).count();
    }
}
