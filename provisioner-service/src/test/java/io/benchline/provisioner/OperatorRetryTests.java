package io.benchline.provisioner;

import static io.benchline.testing.TopicDump.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.ProvisioningFailed;
import io.benchline.events.Signup;
import io.benchline.events.SiteProvisioned;
import io.benchline.events.TenantRequested;
import io.benchline.platform.secrets.Keysets;
import io.benchline.simulator.FailurePlan;
import io.benchline.simulator.SimulatedSiteState;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's retry (contracts §3 RETRY) on a real broker and a simulated bench host: TenantRequested with a
 * higher {@code signup.attempt} reopens the tenant's settled ledger entry and the provisioner resumes from it —
 * after a failed new-site it builds the site, after a failure that dropped a finished site it builds it again, and
 * after a later stage failed (SiteProvisioned published) it builds nothing, generates new keys and emits a new
 * SiteProvisioned; an attempt still running here is stopped and the new one finishes; each terminal event carries
 * its attempt, and the same attempt again changes nothing.
 */
class OperatorRetryTests {

    private static final String GENERATE_KEYS = "frappe.core.doctype.user.user.generate_keys";

    @TempDir
    static Path folder;

    static SimulatedBenchHost host;
    static RunningProvisioner provisioner;
    static String group = "retry-it-" + UUID.randomUUID();

    @BeforeAll
    static void start() {
        host = SimulatedBenchHost.start(folder.resolve("bench-1"));
        provisioner = RunningProvisioner.start(group, Keysets.generateJson(), host.properties(0, "bench-1", 2));
    }

    @AfterAll
    static void stop() {
        if (provisioner != null) {
            provisioner.close();
        }
        if (host != null) {
            host.close();
        }
    }

    @Test
    void aRetryAfterAFailedNewSiteBuildsTheSiteAndEndsWithTheNewAttempt() {
        TenantRequested first = Requests.forSubdomain(Requests.subdomain("retry"));
        String site = first.getSignup().getSiteName();
        host.simulator.faults().failCommand("new-site", FailurePlan.onCall(1));
        Requests.send(provisioner, first);
        ProvisioningFailed failed = failure(first.getTenantId());
        assertThat(failed.getAttempt()).isEqualTo(1);

        TenantRequested second = attempt(first, 2);
        Requests.send(provisioner, second);
        SiteProvisioned provisioned = provisioned(first.getTenantId(), 2);

        assertThat(provisioned.getSignup().getAttempt()).isEqualTo(2);
        assertThat(host.count(site, "new-site")).isEqualTo(2);
        assertThat(host.simulator.site(site))
                .hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(SimulatedSiteState.READY));
        assertThat(events(ProvisioningFailed.class, first.getTenantId())).hasSize(1);
    }

    @Test
    void aRetryRebuildsASiteAnEarlierAttemptFinishedButDroppedWhenItFailed() {
        TenantRequested first = Requests.forSubdomain(Requests.subdomain("rebuild"));
        String site = first.getSignup().getSiteName();
        host.simulator.faults().failCommand("execute " + GENERATE_KEYS, FailurePlan.onCall(1));
        Requests.send(provisioner, first);
        assertThat(failure(first.getTenantId()).getAttempt()).isEqualTo(1);
        // The failed attempt dropped the site it built, although its ledger says CREATE_SITE finished.
        await().atMost(Duration.ofSeconds(30)).until(() -> host.count(site, "drop-site") == 1);

        Requests.send(provisioner, attempt(first, 2));
        SiteProvisioned provisioned = provisioned(first.getTenantId(), 2);

        assertThat(provisioned.getSignup().getAttempt()).isEqualTo(2);
        assertThat(host.count(site, "new-site")).isEqualTo(2);
        assertThat(host.simulator.site(site))
                .hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(SimulatedSiteState.READY));
    }

    @Test
    void aRetryAfterALaterStageFailedBuildsNothingAndEmitsNewKeysForTheNewAttempt() {
        TenantRequested first = Requests.forSubdomain(Requests.subdomain("later"));
        String site = first.getSignup().getSiteName();
        Requests.send(provisioner, first);
        SiteProvisioned before = provisioned(first.getTenantId(), 1);
        long keysBefore = host.count(site, GENERATE_KEYS);

        // The verifier or user-service failed attempt 1 (their ProvisioningFailed is not the provisioner's concern).
        Requests.send(provisioner, attempt(first, 2));
        SiteProvisioned after = provisioned(first.getTenantId(), 2);

        assertThat(after.getEventId()).isNotEqualTo(before.getEventId());
        assertThat(after.getSite().getApiSecret()).isNotEqualTo(before.getSite().getApiSecret());
        assertThat(host.count(site, "new-site")).as("no second new-site").isEqualTo(1);
        assertThat(host.count(site, GENERATE_KEYS)).isEqualTo(keysBefore + 1);
    }

    @Test
    void aRetryOfAnAttemptStillRunningHereStopsItAndFinishesAsTheNewAttempt() {
        TenantRequested first = Requests.forSubdomain(Requests.subdomain("stuck"));
        String site = first.getSignup().getSiteName();
        // Attempt 1 hangs reading its API key (signup-service timed it out and the operator retries). A hung
        // new-site would not do: on the host it runs on after being abandoned, holding the site's lock.
        host.simulator.faults().hangCommand("execute frappe.db.get_value", FailurePlan.onCall(1));
        Requests.send(provisioner, first);
        await().atMost(Duration.ofSeconds(30)).until(() -> host.count(site, "frappe.db.get_value") == 1);

        Requests.send(provisioner, attempt(first, 2));
        SiteProvisioned provisioned = provisioned(first.getTenantId(), 2);

        assertThat(provisioned.getSignup().getAttempt()).isEqualTo(2);
        assertThat(host.count(site, "new-site"))
                .as("the site attempt 1 built is kept")
                .isEqualTo(1);
        assertThat(ofAttempt(first.getTenantId(), 1)).isEmpty();
        assertThat(events(ProvisioningFailed.class, first.getTenantId())).isEmpty();
        assertThat(host.simulator.site(site))
                .hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(SimulatedSiteState.READY));
    }

    @Test
    void theSameAttemptAgainIsARedeliveryAndAnOlderOneIsIgnored() {
        TenantRequested first = Requests.forSubdomain(Requests.subdomain("again"));
        String site = first.getSignup().getSiteName();
        Requests.send(provisioner, first);
        provisioned(first.getTenantId(), 1);
        TenantRequested second = attempt(first, 2);
        Requests.send(provisioner, second);
        provisioned(first.getTenantId(), 2);
        long commands = host.simulator.commands().size();

        RecordMetadata again = Requests.send(provisioner, attempt(first, 2));
        RecordMetadata older = Requests.send(provisioner, attempt(first, 1));
        provisioner.awaitConsumed(again);
        provisioner.awaitConsumed(older);

        assertThat(events(SiteProvisioned.class, first.getTenantId())).hasSize(2);
        assertThat(host.count(site, "new-site")).isEqualTo(1);
        assertThat(host.simulator.commands().stream()
                        .skip(commands)
                        .filter(c -> c.commandLine().contains(site)))
                .isEmpty();
    }

    /** The same signup (same tenant) as signup-service re-emits it for a retry: new event, deadline, attempt. */
    private static TenantRequested attempt(TenantRequested original, int attempt) {
        Instant now = Instant.now();
        return TenantRequested.newBuilder(original)
                .setEventId(UUID.randomUUID())
                .setOccurredAt(now)
                .setSignup(Signup.newBuilder(original.getSignup())
                        .setAttempt(attempt)
                        .setRequestedAt(now)
                        .setDeadlineAt(now.plus(Duration.ofMinutes(10)))
                        .build())
                .build();
    }

    private static ProvisioningFailed failure(UUID tenant) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !events(ProvisioningFailed.class, tenant).isEmpty());
        return events(ProvisioningFailed.class, tenant).get(0);
    }

    private static SiteProvisioned provisioned(UUID tenant, int attempt) {
        await().atMost(Duration.ofSeconds(90))
                .until(() -> !ofAttempt(tenant, attempt).isEmpty());
        List<SiteProvisioned> found = ofAttempt(tenant, attempt);
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static List<SiteProvisioned> ofAttempt(UUID tenant, int attempt) {
        return events(SiteProvisioned.class, tenant).stream()
                .filter(p -> p.getSignup().getAttempt() == attempt)
                .toList();
    }
}
