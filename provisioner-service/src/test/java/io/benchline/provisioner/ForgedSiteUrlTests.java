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
import io.benchline.platform.secrets.Keysets;
import io.benchline.simulator.RecordedRequest;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import io.benchline.testing.ForeignHost;
import io.benchline.testing.SiteKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm-up sends the Administrator password and the new API key to the host's configured warm-up URL or, when
 * the host configures none (as here), to the request's {@code siteUrl}. That URL comes from an event, so it must
 * be {@code <subdomain>.<a configured site domain>}: a forged TenantRequested pointing elsewhere builds nothing,
 * sends nothing, and fails INVALID_REQUEST.
 */
class ForgedSiteUrlTests {

    private static final String KEYSET = Keysets.generateJson();

    @TempDir
    static Path folder;

    private static SimulatedBenchHost host;
    private static RunningProvisioner provisioner;

    @BeforeAll
    static void start() {
        host = SimulatedBenchHost.start(folder.resolve("bench-1"));
        Map<String, String> properties = new LinkedHashMap<>(host.properties(0, "bench-1", 2));
        properties.remove("benchline.provisioner.hosts[0].http-base-url");
        properties.put("benchline.sites.resolve[*.localhost]", "127.0.0.1");
        provisioner = RunningProvisioner.start("provisioner-forged-" + UUID.randomUUID(), KEYSET, properties);
    }

    @AfterAll
    static void stop() {
        if (provisioner != null) {
            provisioner.close();
        }
        host.close();
    }

    /** The control: with no warm-up URL configured, the warm-up goes to the genuine site URL, and keys open. */
    @Test
    void aGenuineSiteUrlIsWarmedUpThroughItself() {
        String subdomain = Requests.subdomain("genuine");
        TenantRequested request = withSiteUrl(subdomain, host.siteUrl(subdomain + ".localhost"));

        Requests.send(provisioner, request);
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        !events(SiteProvisioned.class, request.getTenantId()).isEmpty());

        SiteProvisioned provisioned =
                events(SiteProvisioned.class, request.getTenantId()).get(0);
        SiteKeys.assertOpenSite(
                host.simulator.gunicornBaseUrl(),
                request.getTenantId(),
                provisioned.getSite(),
                Requests.opener(KEYSET, provisioned.getSite()));
        assertThat(host.simulator.requests())
                .filteredOn(r -> r.site().equals(subdomain + ".localhost"))
                .extracting(RecordedRequest::path)
                .contains("/api/method/login");
    }

    @Test
    void aForgedSiteUrlBuildsNothingSendsNothingAndFailsTheSignup() throws Exception {
        try (ForeignHost foreign = ForeignHost.start()) {
            HttpResponse<String> alive = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + foreign.port() + "/alive"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(alive.statusCode()).isEqualTo(200);

            for (String foreignUrl : List.of(
                    "http://127.0.0.1:" + foreign.port(),
                    // Another tenant's name under the site domain: *.localhost resolves to the foreign host.
                    "http://mallory" + UUID.randomUUID().toString().substring(0, 8) + ".localhost:" + foreign.port())) {
                String subdomain = Requests.subdomain("forged");
                TenantRequested request = withSiteUrl(subdomain, foreignUrl);

                Requests.send(provisioner, request);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> !events(ProvisioningFailed.class, request.getTenantId())
                                .isEmpty());

                ProvisioningFailed failed =
                        events(ProvisioningFailed.class, request.getTenantId()).get(0);
                assertThat(failed.getStage()).isEqualTo(FailureStage.PROVISION);
                assertThat(failed.getReason()).as(foreignUrl).isEqualTo(FailureReason.INVALID_REQUEST);
                assertThat(failed.getRetryable()).isFalse();
                assertThat(failed.getMessage()).contains("no credentials were sent");
                assertThat(events(SiteProvisioned.class, request.getTenantId())).isEmpty();
                assertThat(host.simulator.commands())
                        .noneMatch(c -> c.commandLine().contains(subdomain + ".localhost"));
            }
            await().during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> foreign.received().size() == 1);
            assertThat(foreign.received())
                    .extracting(ForeignHost.Received::path)
                    .containsExactly("/alive");
        }
    }

    private static TenantRequested withSiteUrl(String subdomain, String siteUrl) {
        TenantRequested request = Requests.forSubdomain(subdomain);
        return TenantRequested.newBuilder(request)
                .setSignup(Signup.newBuilder(request.getSignup())
                        .setSiteUrl(siteUrl)
                        .build())
                .build();
    }
}
