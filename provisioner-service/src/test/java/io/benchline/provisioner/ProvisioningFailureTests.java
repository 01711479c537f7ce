package io.benchline.provisioner;

import static io.benchline.testing.TopicDump.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.FailureReason;
import io.benchline.events.FailureStage;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.Signup;
import io.benchline.events.SiteProvisioned;
import io.benchline.events.TenantRequested;
import io.benchline.simulator.FailurePlan;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Transient failures are retried, permanent ones fail at once with a precise reason and an actionable message. */
class ProvisioningFailureTests {

    @RegisterExtension
    static final ProvisionerOnBenchHost running = new ProvisionerOnBenchHost("provisioner-failures");

    @AfterEach
    void clearFaults() {
        running.host().simulator.faults().clear();
    }

    @Test
    void droppedConnectionDuringNewSiteIsRetriedAndTheHalfBuiltSiteRebuilt() {
        running.host().simulator.faults().dropConnection("new-site", FailurePlan.onCall(1));
        TenantRequested request = Requests.forSubdomain(Requests.subdomain("retry"));
        Requests.send(running.provisioner(), request);
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        !events(SiteProvisioned.class, request.getTenantId()).isEmpty());
        String site = request.getSignup().getSiteName();
        assertThat(running.host().count(site, "new-site")).isEqualTo(2);
        assertThat(running.host().count(site, "drop-site")).isEqualTo(1);
        assertThat(events(ProvisioningFailed.class, request.getTenantId())).isEmpty();
    }

    @Test
    void failingNewSiteFailsAtOnceSayingWhichStepHostAndWhatBenchPrinted() {
        running.host().simulator.faults().failCommand("new-site", FailurePlan.always());
        TenantRequested request = Requests.forSubdomain(Requests.subdomain("broken"));
        Requests.send(running.provisioner(), request);
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        !events(ProvisioningFailed.class, request.getTenantId()).isEmpty());
        ProvisioningFailed failed =
                events(ProvisioningFailed.class, request.getTenantId()).get(0);
        assertThat(failed.getStage()).isEqualTo(FailureStage.PROVISION);
        assertThat(failed.getReason()).isEqualTo(FailureReason.BENCH_COMMAND_FAILED);
        assertThat(failed.getMessage()).contains("CREATE_SITE", "new-site", "bench-1", "exited 1");
        assertThat(failed.getMessage()).doesNotContainPattern("--admin-password (?!\\[redacted\\])");
        assertThat(failed.getSubdomain()).isEqualTo(request.getSignup().getSubdomain());
        assertThat(running.host().count(request.getSignup().getSiteName(), "new-site"))
                .isEqualTo(1);
        assertThat(events(SiteProvisioned.class, request.getTenantId())).isEmpty();
    }

    @Test
    void subdomainThatAnotherTenantOwnsFailsAtOnce() {
        String subdomain = Requests.subdomain("taken");
        TenantRequested first = Requests.forSubdomain(subdomain);
        Requests.send(running.provisioner(), first);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !events(SiteProvisioned.class, first.getTenantId()).isEmpty());

        TenantRequested second = Requests.forSubdomain(subdomain);
        Requests.send(running.provisioner(), second);
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        !events(ProvisioningFailed.class, second.getTenantId()).isEmpty());
        assertThat(events(ProvisioningFailed.class, second.getTenantId()).get(0).getReason())
                .isEqualTo(FailureReason.SUBDOMAIN_TAKEN);
        assertThat(running.host().count(first.getSignup().getSiteName(), "new-site"))
                .isEqualTo(1);
        assertThat(running.host().count(first.getSignup().getSiteName(), "drop-site"))
                .isZero();
    }

    @Test
    void requestPastItsDeadlineRunsNothingAndEmitsNothing() {
        TenantRequested late = Requests.forSubdomain(Requests.subdomain("late"));
        late = TenantRequested.newBuilder(late)
                .setSignup(Signup.newBuilder(late.getSignup())
                        .setDeadlineAt(Instant.now().minusSeconds(1))
                        .build())
                .build();
        running.provisioner().awaitConsumed(Requests.send(running.provisioner(), late));
        assertThat(RunningProvisioner.published(late.getTenantId())).isEmpty();
        String lateSite = late.getSignup().getSiteName();
        assertThat(running.host().simulator.commands())
                .noneMatch(c -> c.commandLine().contains(lateSite));
    }
}
