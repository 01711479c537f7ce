package io.benchline.provisioner;

import static io.benchline.testing.TopicDump.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.SiteProvisioned;
import io.benchline.events.TenantRequested;
import io.benchline.platform.secrets.Keysets;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import io.benchline.testing.CapturedLogs;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * new-site takes twice {@code max.poll.interval.ms} and there are more tenants than slots: the consumer keeps its
 * group membership (no rebalance), the listener pauses while the slots are full, and every tenant gets one site.
 */
class LongProvisioningTests {

    @TempDir
    Path folder;

    @Test
    void slowNewSitesNeitherKickTheConsumerOutNorProvisionTwice() throws Exception {
        String keyset = Keysets.generateJson();
        String group = "provisioner-long-" + UUID.randomUUID();
        try (SimulatedBenchHost host = SimulatedBenchHost.start(
                folder,
                b -> b.timeScale(1)
                        .frappeInvocationCost(Duration.ZERO)
                        .benchInvocationCost(Duration.ZERO)
                        .newSiteDuration(Duration.ofSeconds(6))
                        .installAppDuration(Duration.ZERO))) {
            Map<String, String> properties = new java.util.HashMap<>(host.properties(0, "bench-1", 2));
            properties.put("spring.kafka.consumer.properties.max.poll.interval.ms", "3000");
            properties.put("spring.kafka.consumer.properties.session.timeout.ms", "6000");
            properties.put("spring.kafka.consumer.properties.heartbeat.interval.ms", "1000");
            properties.put("benchline.provisioner.backlog", "1");
            try (RunningProvisioner provisioner = RunningProvisioner.start(group, keyset, properties)) {
                CapturedLogs logs = CapturedLogs.start();
                MeterRegistry meters = provisioner.bean(MeterRegistry.class);
                AtomicBoolean sawPause = new AtomicBoolean();

                List<TenantRequested> requests = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    TenantRequested request = Requests.forSubdomain(Requests.subdomain("slow"));
                    requests.add(request);
                    Requests.send(provisioner, request);
                }
                await().atMost(Duration.ofSeconds(90)).until(() -> {
                    if (meters.get("provisioner.intake.paused").gauge().value() == 1.0) {
                        sawPause.set(true);
                    }
                    return requests.stream()
                            .allMatch(r -> !events(SiteProvisioned.class, r.getTenantId())
                                    .isEmpty());
                });

                assertThat(sawPause).isTrue();
                logs.close();
                // Any rebalance (a member kicked out for not polling, then rejoining) revokes and reassigns.
                // Lines from the first acceptance on: the initial assignment may still be logging when capture starts.
                List<String> lines = logs.lines();
                int firstAccepted = 0;
                while (!lines.get(firstAccepted).contains("accepted for site")) {
                    firstAccepted++;
                }
                // Only the tenant.requested listener's: the other listeners (e.g. the hand-off's) may still be
                // logging their first assignment on a busy machine, which says nothing about this one.
                assertThat(lines.subList(firstAccepted, lines.size()))
                        .noneMatch(l -> (l.contains("partitions revoked") || l.contains("partitions assigned"))
                                && l.contains("tenant.requested-"));
                for (TenantRequested request : requests) {
                    String site = request.getSignup().getSiteName();
                    assertThat(events(SiteProvisioned.class, request.getTenantId()))
                            .hasSize(1);
                    assertThat(host.count(site, "new-site"))
                            .as("new-site runs for %s", site)
                            .isEqualTo(1);
                    assertThat(host.count(site, "generate_keys")).isEqualTo(1);
                }
            }
        }
    }
}
