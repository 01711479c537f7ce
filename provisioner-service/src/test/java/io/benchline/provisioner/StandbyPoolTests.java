package io.benchline.provisioner;

import static io.benchline.testing.TopicDump.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.ProvisioningFailed;
import io.benchline.events.ProvisioningProgressed;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.SealedSecret;
import io.benchline.events.SecretPurpose;
import io.benchline.events.SiteProvisioned;
import io.benchline.events.StepPhase;
import io.benchline.events.TenantRequested;
import io.benchline.platform.secrets.Keysets;
import io.benchline.platform.secrets.SealedField;
import io.benchline.platform.secrets.SealingContext;
import io.benchline.platform.secrets.SecretSealer;
import io.benchline.platform.secrets.SecretSealers;
import io.benchline.platform.secrets.SecretsProperties;
import io.benchline.simulator.FailurePlan;
import io.benchline.simulator.RecordedCommand;
import io.benchline.simulator.SimulatedSiteState;
import io.benchline.simulator.fixture.SimulatedBenchHost;
import io.benchline.testing.KafkaTestBroker;
import io.benchline.testing.SiteKeys;
import io.benchline.testing.TopicDump;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The standby pool on a simulated bench host over real SSH and a real broker: a signup claims a ready standby (renamed
 * to its name, new keys and password over REST), two instances never claim the same one, a stale one is never
 * claimed, a failing claim ends cold, a restart mid-claim resumes it once, an empty pool falls back to cold, and a
 * claim starts a refill.
 */
class StandbyPoolTests {

    private static final String KEYSET = Keysets.generateJson();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BENCH = SimulatedBenchHost.BENCH_FOLDER;

    @RegisterExtension
    static final OneBenchHost bench = new OneBenchHost("provisioner-pool");

    @Test
    void aSignupClaimsAReadyStandbyWhoseOldSecretAndPasswordStopWorkingAndTheClaimStartsARefill() throws Exception {
        String group = "provisioner-pool-" + UUID.randomUUID();
        int since = bench.host().simulator.commands().size();
        try (RunningProvisioner provisioner = RunningProvisioner.start(group, KEYSET, pool(group, 1, 1))) {
            Standby standby = awaitReady(group, Set.of()).get(0);
            String known = "Known-Standby-Pass-42";
            bench.host().run("cd " + BENCH + " && bench --site " + standby.name() + " set-admin-password " + known);
            TenantRequested request = Requests.forSubdomain(Requests.subdomain("pooled"));
            String site = request.getSignup().getSiteName();
            // Before its claim the standby answers only under its own .invalid name, never under a customer's.
            assertThat(status(site, standby.keys())).isEqualTo(404);
            assertThat(status(standby.name(), standby.keys())).isEqualTo(200);

            Requests.send(provisioner, request);
            SiteProvisioned provisioned = awaitProvisioned(request.getTenantId());

            assertThat(steps(request.getTenantId()))
                    .contains(ProvisioningStep.CLAIM_STANDBY)
                    .doesNotContain(ProvisioningStep.CREATE_SITE);
            assertThat(bench.host().count(site, "new-site")).isZero();
            assertThat(benchCommandsOn(site))
                    .as("no bench invocation on the claim path")
                    .isEmpty();
            SiteKeys keys = SiteKeys.assertOpenSite(
                    bench.host().simulator.gunicornBaseUrl(),
                    request.getTenantId(),
                    provisioned.getSite(),
                    Requests.opener(KEYSET, provisioned.getSite()));
            assertThat(keys.apiKey()).isEqualTo(standby.keys().apiKey());
            assertThat(keys.apiSecret()).isNotEqualTo(standby.keys().apiSecret());
            assertThat(status(site, standby.keys())).as("the standby's secret").isEqualTo(401);
            assertThat(status(standby.name(), standby.keys()))
                    .as("the standby's old name")
                    .isEqualTo(404);
            assertThat(DirectFrappe.login(bench.host(), site, known))
                    .as("the standby's password")
                    .isEqualTo(401);
            assertThat(counter(provisioner, "benchline.pool.claims", "pool")).isEqualTo(1.0);

            // The claim woke the owner: a new standby is built in its place.
            Standby refill = awaitReady(group, Set.of(standby.name())).get(0);
            assertThat(refill.name()).isNotEqualTo(standby.name());
        }
        // Every line the pool sent (bench version, the standbys' new-site and keys, the rename) passes the bench
        // host's gate, configured for the customers' domain only.
        BenchHostGate gate = BenchHostGate.configured(
                bench.folder().resolve("gate-pool.conf"),
                "bench-folder = " + BENCH + "\nreload-command = sudo service nginx reload\nsite-domains = localhost\n");
        List<RecordedCommand> sent = bench.host()
                .simulator
                .commands()
                .subList(since, bench.host().simulator.commands().size());
        assertThat(sent).anyMatch(c -> c.commandLine().contains(" && mv -T "));
        assertThat(sent.stream().filter(c -> !c.commandLine().contains("Known-Standby-Pass")))
                .allSatisfy(c -> assertThat(gate.dryRun(c.commandLine()).exitCode())
                        .as("the gate on %s", c.commandLine())
                        .isZero());
    }

    @Test
    void twoInstancesNeverClaimTheSameStandby() {
        String group = "provisioner-pool-race-" + UUID.randomUUID();
        Map<String, String> properties = pool(group, 2, 2);
        properties.put("benchline.provisioner.hosts[0].slots", "6");
        try (RunningProvisioner first = RunningProvisioner.startMember(group, KEYSET, properties);
                RunningProvisioner second = RunningProvisioner.startMember(group, KEYSET, properties)) {
            // Both members hold their share of tenant.requested (with "latest", a record on a partition in transit
            // could be skipped).
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> first.container().getAssignedPartitions().size()
                                    + second.container().getAssignedPartitions().size()
                            == 12);
            List<Standby> ready = awaitReady(group, Set.of(), 2);
            List<TenantRequested> requests = Stream.generate(() -> Requests.forSubdomain(Requests.subdomain("race")))
                    .limit(4)
                    .toList();
            requests.forEach(r -> Requests.send(first, r));
            requests.forEach(r -> awaitProvisioned(r.getTenantId()));

            // Every rename of a standby to one of these sites (refills built meanwhile may be claimed too).
            Set<String> sites =
                    requests.stream().map(r -> r.getSignup().getSiteName()).collect(Collectors.toSet());
            List<List<String>> renames = bench.host().simulator.commands().stream()
                    .filter(c -> c.exitCode() == 0 && c.commandLine().contains(" && mv -T "))
                    .map(c -> c.argv().subList(c.argv().size() - 2, c.argv().size()))
                    .filter(fromTo -> sites.contains(fromTo.get(1).substring("sites/".length())))
                    .toList();
            assertThat(renames.stream().map(fromTo -> fromTo.get(0)))
                    .as("no standby renamed twice")
                    .doesNotHaveDuplicates()
                    .allMatch(from -> from.endsWith(".standby.invalid"));
            assertThat(renames.stream().map(fromTo -> fromTo.get(1))).doesNotHaveDuplicates();
            assertThat(ready)
                    .allSatisfy(s -> assertThat(renames.stream()
                                    .filter(fromTo -> fromTo.get(0).equals("sites/" + s.name())))
                            .hasSizeLessThanOrEqualTo(1));
            long pooled = requests.stream()
                    .filter(r -> steps(r.getTenantId()).contains(ProvisioningStep.CLAIM_STANDBY))
                    .count();
            assertThat(pooled).isEqualTo(renames.size()).isPositive();
            for (TenantRequested r : requests) {
                SiteProvisioned p =
                        events(SiteProvisioned.class, r.getTenantId()).get(0);
                SiteKeys.assertOpenSite(
                        bench.host().simulator.gunicornBaseUrl(),
                        r.getTenantId(),
                        p.getSite(),
                        Requests.opener(KEYSET, p.getSite()));
            }
        }
    }

    @Test
    void aStaleStandbyIsNeverClaimedEvenRightAfterTheVersionsChangeAndIsRecycled() {
        String group = "provisioner-pool-stale-" + UUID.randomUUID();
        Map<String, String> properties = pool(group, 1, 1);
        // The owner reads the versions once at start and then not for an hour: only the claimer's reading can see the
        // change below.
        properties.put("benchline.provisioner.pool.version-check-interval", "1h");
        properties.put("benchline.provisioner.pool.fingerprint-max-age", "2h");
        try (RunningProvisioner provisioner = RunningProvisioner.start(group, KEYSET, properties)) {
            Standby old = awaitReady(group, Set.of()).get(0);
            // The signup arrives the moment the host is updated, before the owner's periodic reading could see it:
            // the claimer's own reading keeps the old standby out.
            bench.host().simulator.appVersion("erpnext", "15.48.0");
            try {
                TenantRequested request = Requests.forSubdomain(Requests.subdomain("fresh"));
                Requests.send(provisioner, request);
                awaitProvisioned(request.getTenantId());

                assertThat(steps(request.getTenantId()))
                        .contains(ProvisioningStep.CREATE_SITE)
                        .doesNotContain(ProvisioningStep.CLAIM_STANDBY);
                assertThat(bench.host().simulator.commands())
                        .noneMatch(c -> c.commandLine().contains("mv -T 'sites/" + old.name() + "'"));
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> counter(provisioner, "benchline.pool.stale.recycled", null) >= 1.0);
                assertThat(bench.host().simulator.site(old.name()).orElseThrow().state())
                        .isEqualTo(SimulatedSiteState.ARCHIVED);
            } finally {
                bench.host().simulator.appVersion("erpnext", "15.47.2");
            }
        }
    }

    @Test
    void aClaimWhoseRestStepsFailEndsInAWorkingSiteFinishedByBench() throws Exception {
        String group = "provisioner-pool-fail-" + UUID.randomUUID();
        try (RunningProvisioner provisioner = RunningProvisioner.start(group, KEYSET, pool(group, 1, 1))) {
            Standby standby = awaitReady(group, Set.of()).get(0);
            bench.host()
                    .simulator
                    .faults()
                    .failRequests("/api/method/frappe.core.doctype.user.user.generate_keys", 417, FailurePlan.always());
            TenantRequested request = Requests.forSubdomain(Requests.subdomain("halfway"));
            String site = request.getSignup().getSiteName();
            try {
                Requests.send(provisioner, request);
                SiteProvisioned provisioned = awaitProvisioned(request.getTenantId());

                assertThat(steps(request.getTenantId())).contains(ProvisioningStep.CLAIM_STANDBY);
                assertThat(bench.host().count(site, "new-site")).isZero();
                assertThat(bench.host().count(site, "generate_keys"))
                        .as("bench made the keys")
                        .isEqualTo(1);
                SiteKeys keys = SiteKeys.assertOpenSite(
                        bench.host().simulator.gunicornBaseUrl(),
                        request.getTenantId(),
                        provisioned.getSite(),
                        Requests.opener(KEYSET, provisioned.getSite()));
                assertThat(keys.apiSecret()).isNotEqualTo(standby.keys().apiSecret());
                assertThat(status(site, standby.keys())).isEqualTo(401);
            } finally {
                bench.host().simulator.faults().clear();
            }
        }
    }

    @Test
    void aRestartMidClaimResumesTheClaimOnce() {
        String group = "provisioner-pool-crash-" + UUID.randomUUID();
        TenantRequested request = Requests.forSubdomain(Requests.subdomain("resumed"));
        String site = request.getSignup().getSiteName();
        Standby standby;
        bench.host()
                .simulator
                .faults()
                .hangRequests("/api/method/frappe.core.doctype.user.user.generate_keys", FailurePlan.onCall(1));
        try (RunningProvisioner first = RunningProvisioner.start(group, KEYSET, pool(group, 1, 1))) {
            standby = awaitReady(group, Set.of()).get(0);
            Requests.send(first, request);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> bench.host().simulator.requests().stream()
                            .anyMatch(r -> r.status() == 0
                                    && site.equals(r.site())
                                    && r.path().contains("generate_keys")));
        } finally {
            bench.host().simulator.faults().clear();
        }
        try (RunningProvisioner second = RunningProvisioner.start(group, KEYSET, pool(group, 1, 1))) {
            Requests.send(second, request);
            SiteProvisioned provisioned = awaitProvisioned(request.getTenantId());
            SiteKeys.assertOpenSite(
                    bench.host().simulator.gunicornBaseUrl(),
                    request.getTenantId(),
                    provisioned.getSite(),
                    Requests.opener(KEYSET, provisioned.getSite()));
        }
        assertThat(events(SiteProvisioned.class, request.getTenantId())).hasSize(1);
        assertThat(bench.host().simulator.commands().stream()
                        .filter(c -> c.exitCode() == 0 && c.commandLine().contains("mv -T 'sites/" + standby.name())))
                .hasSize(1);
        assertThat(bench.host().count(site, "new-site")).isZero();
    }

    @Test
    void anEmptyPoolFallsBackToTheColdPath() {
        String group = "provisioner-pool-empty-" + UUID.randomUUID();
        try (RunningProvisioner provisioner = RunningProvisioner.start(group, KEYSET, pool(group, 0, 0))) {
            TenantRequested request = Requests.forSubdomain(Requests.subdomain("cold"));
            Requests.send(provisioner, request);
            awaitProvisioned(request.getTenantId());

            assertThat(steps(request.getTenantId()))
                    .contains(ProvisioningStep.CREATE_SITE)
                    .doesNotContain(ProvisioningStep.CLAIM_STANDBY);
            assertThat(bench.host().count(request.getSignup().getSiteName(), "new-site"))
                    .isEqualTo(1);
            assertThat(counter(provisioner, "benchline.pool.claims", "cold")).isEqualTo(1.0);
        }
    }

    // --- helpers

    /** The pool on, fast: versions read every 200 ms, builds instant (the simulator's time scale is 0). */
    private static Map<String, String> pool(String group, int safetyMargin, int maxPerHost) {
        Map<String, String> p = new HashMap<>(bench.host().properties(0, "bench-1", 4));
        p.put("benchline.provisioner.pool.enabled", "true");
        p.put("benchline.provisioner.pool.safety-margin", Integer.toString(safetyMargin));
        p.put("benchline.provisioner.pool.max-per-host", Integer.toString(maxPerHost));
        p.put("benchline.provisioner.pool.tick", "100ms");
        p.put("benchline.provisioner.pool.version-check-interval", "200ms");
        p.put("benchline.provisioner.pool.fingerprint-max-age", "5s");
        p.put("benchline.provisioner.pool.initial-build-time", "1s");
        return p;
    }

    private record Standby(String name, SiteKeys keys) {}

    private static List<Standby> awaitReady(String group, Set<String> except) {
        return awaitReady(group, except, 1);
    }

    /** Waits for {@code n} READY standbys in the pool's log (not in {@code except}) and opens their sealed keys. */
    private static List<Standby> awaitReady(String group, Set<String> except, int n) {
        List<Standby> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            found.clear();
            found.addAll(readyStandbys(group).stream()
                    .filter(s -> !except.contains(s.name()))
                    .toList());
            return found.size() >= n;
        });
        return List.copyOf(found);
    }

    private static List<Standby> readyStandbys(String group) {
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        for (TopicDump.RawRecord r : TopicDump.of(KafkaTestBroker.bootstrapServers(), "provisioner.standby." + group)) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            if (key.startsWith("standby/")) {
                if (r.value() == null) {
                    latest.remove(key);
                } else {
                    latest.put(key, JSON.readTree(r.value()));
                }
            }
        }
        SecretSealer sealer = new SecretSealers(new SecretsProperties(
                        Map.of(SecretPurpose.SITE_CREDENTIALS, new SecretsProperties.KeysetSource(null, KEYSET))))
                .forPurpose(SecretPurpose.SITE_CREDENTIALS);
        return latest.values().stream()
                .filter(v -> "READY".equals(v.path("state").asString()))
                .map(v -> {
                    String name = v.path("standby").asString();
                    SealingContext context = new SealingContext(
                            UUID.nameUUIDFromBytes(
                                    ("benchline:standby:bench-1:" + name).getBytes(StandardCharsets.UTF_8)),
                            name);
                    return new Standby(
                            name,
                            new SiteKeys(
                                    sealer.open(
                                                    context,
                                                    SealedField.API_KEY,
                                                    sealed(v.path("apiKey").asString()))
                                            .reveal(),
                                    sealer.open(
                                                    context,
                                                    SealedField.API_SECRET,
                                                    sealed(v.path("apiSecret").asString()))
                                            .reveal()));
                })
                .toList();
    }

    private static SealedSecret sealed(String base64) {
        return SealedSecret.newBuilder()
                .setPurpose(SecretPurpose.SITE_CREDENTIALS)
                .setCiphertext(ByteBuffer.wrap(Base64.getDecoder().decode(base64)))
                .build();
    }

    private static SiteProvisioned awaitProvisioned(UUID tenant) {
        await().atMost(Duration.ofSeconds(90))
                .until(() -> !events(SiteProvisioned.class, tenant).isEmpty()
                        || !events(ProvisioningFailed.class, tenant).isEmpty());
        assertThat(events(ProvisioningFailed.class, tenant)).as("failures").isEmpty();
        return events(SiteProvisioned.class, tenant).get(0);
    }

    private static List<ProvisioningStep> steps(UUID tenant) {
        return events(ProvisioningProgressed.class, tenant).stream()
                .filter(p -> p.getPhase() == StepPhase.STARTED)
                .map(ProvisioningProgressed::getStep)
                .toList();
    }

    private static List<String> benchCommandsOn(String site) {
        return bench.host().simulator.commands().stream()
                .map(RecordedCommand::commandLine)
                .filter(c -> c.contains("'" + site + "'"))
                .toList();
    }

    private static double counter(RunningProvisioner provisioner, String name, String path) {
        var search = provisioner.bean(MeterRegistry.class).find(name);
        if (path != null) {
            search = search.tag("path", path);
        }
        return search.counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /** Frappe reached directly, the site chosen by name as nginx's port-80 server would forward it. */
    private static int status(String site, SiteKeys keys) {
        return keys.loggedUser(bench.host().simulator.gunicornBaseUrl(), site).statusCode();
    }
}
