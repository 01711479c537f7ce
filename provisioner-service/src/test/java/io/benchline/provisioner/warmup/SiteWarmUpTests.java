package io.benchline.provisioner.warmup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchline.platform.secrets.Secret;
import io.benchline.platform.sites.SiteConnectionProperties;
import io.benchline.platform.sites.SiteWebClients;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import io.benchline.testing.CapturedLogs;
import io.benchline.testing.SecretScan;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real warm-up (login, then one call with the API key) against the simulated bench host's nginx. */
class SiteWarmUpTests {

    @TempDir
    static Path folder;

    static SimulatedBenchHost host;

    @BeforeAll
    static void start() {
        host = SimulatedBenchHost.start(folder.resolve("bench"));
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    @Test
    void logsNothingSecretAtAnyLevel() {
        String site = "warm-" + UUID.randomUUID().toString().substring(0, 8) + ".localhost";
        SimulatedBenchHost.ReadySite ready = host.readySite(site);
        String password = "Pw" + UUID.randomUUID().toString().replace("-", "");
        host.run("bench --site " + site + " set-admin-password " + password);
        SiteWarmUp warmUp = new SiteWarmUp(sites(true), Duration.ofSeconds(10));
        URI base = URI.create(host.simulator.httpBaseUrl());

        List<String> lines;
        try (CapturedLogs logs = CapturedLogs.start()) {
            warmUp.loginAsAdministrator(base, site, Secret.of(password));
            warmUp.callWithApiKey(base, site, Secret.of(ready.apiKey()), Secret.of(ready.apiSecret()));
            lines = logs.lines();
        }

        assertThat(lines).as("the warm-up was logged at DEBUG at all").isNotEmpty();
        SecretScan.assertNotInLogs(password, lines);
        SecretScan.assertNotInLogs(ready.apiSecret(), lines);
        SecretScan.assertNotInLogs(ready.apiKey(), lines);
    }

    @Test
    void refusesPlainHttpUnlessAllowed() {
        String site = "plain-" + UUID.randomUUID().toString().substring(0, 8) + ".localhost";
        host.readySite(site);
        SiteWarmUp warmUp = new SiteWarmUp(sites(false), Duration.ofSeconds(10));

        assertThatThrownBy(() -> warmUp.loginAsAdministrator(
                        URI.create(host.simulator.httpBaseUrl()), site, Secret.of("Abcdefgh12345678")))
                .isInstanceOfSatisfying(WarmUpException.class, e -> {
                    assertThat(e.isTransient()).isFalse();
                    assertThat(e.getMessage()).contains("plain HTTP").contains(site);
                });
        assertThat(host.simulator.requests()).noneMatch(r -> site.equals(r.site()));
    }

    private static SiteWebClients sites(boolean allowPlainHttp) {
        return new SiteWebClients(new SiteConnectionProperties(
                Map.of(), allowPlainHttp, Duration.ofSeconds(2), Duration.ofSeconds(10), java.util.List.of()));
    }
}
