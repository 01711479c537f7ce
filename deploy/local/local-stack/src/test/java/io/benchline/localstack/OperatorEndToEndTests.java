package io.benchline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.Backup;
import io.benchline.events.BackupFile;
import io.benchline.events.DeletionReason;
import io.benchline.events.OperatorAction;
import io.benchline.events.OperatorCommandIssued;
import io.benchline.events.Plan;
import io.benchline.events.SignupCompleted;
import io.benchline.events.SuspensionReason;
import io.benchline.events.TenantActivated;
import io.benchline.events.TenantDeleted;
import io.benchline.events.TenantPlanChanged;
import io.benchline.events.TenantRequested;
import io.benchline.events.TenantResumed;
import io.benchline.events.TenantSuspended;
import io.benchline.schemas.Topic;
import io.benchline.simulator.FailurePlan;
import io.benchline.simulator.RecordedCommand;
import io.benchline.simulator.SimulatedSiteState;
import io.benchline.simulator.SiteView;
import io.benchline.testing.SecretScan;
import io.benchline.testing.TopicDump;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
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
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's side of the system end to end (issue 17), on one stack shared by its tests: operator-service's
 * {@code /ops} API with the stack's development tokens, the lifecycle it owns, the provisioner's site operations on
 * the simulated bench host, and what billing reads on {@code tenant.lifecycle}. The tenants are signed up once for
 * the class (independent ones in parallel); each test works on its own tenant, so the order of tests does not
 * matter. Every list query is bounded by {@code since} = this class's start, as the shared test broker also holds
 * other classes' signups. Only the secret scan has a place: last, so it reads what every other test made the
 * services write.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorEndToEndTests {

    private static final Duration SIGNUP_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration EFFECT_TIMEOUT = Duration.ofSeconds(60);
    private static final String PASSWORD = "Quartz-Lantern-Plover-17";
    /** signup-service keeps a deleted tenant's subdomain this long (production: 30 days). */
    static final Duration QUARANTINE = Duration.ofSeconds(5);

    private static final String OPERATOR = "local-operator";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Kept when a test fails: the services' logs are in its {@code logs/}. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path state;

    static LocalStack stack;
    static SignupClient signups;
    static OperatorClient ops;
    static String writeToken;
    static String readToken;
    static Instant classStart;

    /** Before the stack starts: the canary's one run begins as soon as operator-service is up, before classStart. */
    static Instant stackStart;

    static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Failed at new-site, stays failed. */
    static SignupClient.Posted failed;
    /** Failed at new-site, retried by the operator. */
    static SignupClient.Posted retried;
    /** Suspended and resumed. */
    static SignupClient.Posted paused;
    /** Changes plan (enterprise → free → enterprise). */
    static SignupClient.Posted planned;
    /** Deprovisioned with no grace. */
    static SignupClient.Posted gone;

    @BeforeAll
    static void startStackAndSignUp() throws Exception {
        stackStart = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        stack = TestStacks.withCanary(
                state,
                Map.of(
                        "signup-service",
                        Map.of("benchline.signup.subdomain-quarantine", QUARANTINE.toSeconds() + "s"),
                        // One canary run, at once: it runs beside the first signups, before any fault is set.
                        "operator-service",
                        Map.of(
                                "benchline.operator.canary.initial-delay", "0s",
                                "benchline.operator.canary.interval", "1h",
                                "benchline.operator.canary.poll-interval", "250ms",
                                // A stuck run ends (as a failure) within the class's signup wait.
                                "benchline.operator.canary.signup-timeout", "60s",
                                "benchline.operator.canary.deprovision-timeout", "20s")));
        signups = new SignupClient(stack.signupUrl());
        writeToken = Files.readString(stack.operatorToken()).strip();
        readToken = Files.readString(stack.operatorReadOnlyToken()).strip();
        ops = new OperatorClient(stack.operatorUrl(), writeToken);
        // Milliseconds, as the snapshots' acceptedAt: no signup of this class can be accepted before it.
        classStart = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        paused = accepted(signup("ops-pause", "pro"));
        gone = accepted(signup("ops-gone", "pro"));
        planned = accepted(signup("ops-plan", "enterprise"));
        await().atMost(SIGNUP_TIMEOUT)
                .until(() -> publicStatus(paused).equals("completed")
                        && publicStatus(gone).equals("completed")
                        && publicStatus(planned).equals("completed")
                        && canaryRuns() > 0);
        // The operator's view learns of a completed tenant from its lifecycle store's changelog (committed once a
        // second): the tests read these tenants at once.
        for (SignupClient.Posted tenant : List.of(paused, gone, planned)) {
            await().atMost(EFFECT_TIMEOUT)
                    .until(() -> ops.get("/ops/tenants/" + tenant.tenantId()).status() == 200);
        }

        // Two signups whose new-site fails: the simulator fails every new-site until the rule is removed, and
        // nothing else builds a site meanwhile (the others completed, the canary's one run is over).
        stack.simulator().faults().failCommand("new-site", FailurePlan.always());
        try {
            failed = accepted(signup("ops-failed", "free"));
            retried = accepted(signup("ops-retry", "free"));
            await().atMost(SIGNUP_TIMEOUT)
                    .until(() -> publicStatus(failed).equals("failed")
                            && publicStatus(retried).equals("failed"));
        } finally {
            stack.simulator().faults().clear();
        }
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void listsSignupsAndTenantsFilteredByStatePlanHostAndSinceAPageAtATime() throws Exception {
        Map<String, String> mine = Map.of("since", classStart.toString());
        List<String> five =
                List.of(failed.tenantId(), retried.tenantId(), paused.tenantId(), gone.tenantId(), planned.tenantId());
        await().atMost(EFFECT_TIMEOUT)
                .untilAsserted(
                        () -> assertThat(ids(ops.listAll("signups", mine, 200))).containsAll(five));

        List<JsonNode> failedOnes = ops.listAll("signups", with(mine, "state", "failed"), 200);
        assertThat(ids(failedOnes)).contains(failed.tenantId());
        assertThat(failedOnes).allSatisfy(item -> {
            assertThat(item.path("state").asString()).isEqualTo("failed");
            assertThat(item.path("failure").path("stage").asString()).isEqualToIgnoringCase("provision");
            assertThat(item.path("failure").path("reason").asString()).isEqualToIgnoringCase("bench_command_failed");
        });
        JsonNode item = failedOnes.stream()
                .filter(i -> i.path("tenantId").asString().equals(failed.tenantId()))
                .findFirst()
                .orElseThrow();
        assertThat(item.path("subdomain").asString()).isEqualTo("ops-failed");
        assertThat(item.path("organization").asString()).isEqualTo("ops-failed Ltd");
        assertThat(item.path("email").asString()).isEqualTo("jane@ops-failed.example");
        assertThat(item.path("plan").asString()).isEqualTo("free");
        assertThat(item.path("attempt").asInt()).isEqualTo(1);
        assertThat(item.path("synthetic").asBoolean()).isFalse();

        List<JsonNode> free = ops.listAll("signups", with(mine, "plan", "free"), 200);
        assertThat(ids(free)).contains(failed.tenantId()).doesNotContain(paused.tenantId(), gone.tenantId());
        assertThat(free).allSatisfy(i -> assertThat(i.path("plan").asString()).isEqualTo("free"));

        // Two pro signups, neither retried nor changing plan: one per page, newest first, then no cursor.
        OperatorClient.Page first = ops.list("signups", with(with(mine, "plan", "pro"), "limit", "1"));
        assertThat(first.items()).hasSize(1);
        assertThat(first.nextCursor()).isNotBlank();
        List<JsonNode> pro = ops.listAll("signups", with(mine, "plan", "pro"), 1);
        assertThat(ids(pro)).containsExactly(gone.tenantId(), paused.tenantId());
        assertThat(ids(ops.listAll("signups", with(mine, "plan", "pro"), 200))).isEqualTo(ids(pro));

        List<JsonNode> onHost = ops.listAll("signups", with(mine, "host", "local-simulator"), 200);
        assertThat(ids(onHost)).contains(paused.tenantId(), gone.tenantId(), planned.tenantId());
        assertThat(onHost).allSatisfy(i -> assertThat(i.path("host").asString()).isEqualTo("local-simulator"));
        assertThat(ops.listAll("signups", with(mine, "host", "no-such-host"), 200))
                .isEmpty();
        assertThat(ops.listAll(
                        "signups",
                        Map.of("since", Instant.now().plusSeconds(3600).toString()),
                        200))
                .isEmpty();

        await().atMost(EFFECT_TIMEOUT)
                .untilAsserted(() -> assertThat(ids(ops.listAll("tenants", with(mine, "state", "active"), 200)))
                        .contains(planned.tenantId()));
        List<JsonNode> active = ops.listAll("tenants", with(mine, "state", "active"), 200);
        assertThat(ids(active)).doesNotContain(failed.tenantId());
        assertThat(active).allSatisfy(t -> {
            assertThat(t.path("state").asString()).isEqualTo("active");
            assertThat(t.path("activatedAt").asString()).isNotBlank();
            assertThat(t.path("siteUrl").asString()).isNotBlank();
        });
        assertThat(ids(ops.listAll("tenants", mine, 200))).doesNotContain(failed.tenantId());

        for (String bad : List.of("state=bogus", "plan=gold", "since=yesterday", "limit=0", "limit=201")) {
            assertThat(ops.get("/ops/signups?" + bad).status()).as(bad).isEqualTo(400);
        }
        assertThat(ops.get("/ops/tenants?state=completed").status())
                .as("a signup state is no tenant state")
                .isEqualTo(400);

        JsonNode detail = ops.signup(failed.tenantId());
        assertThat(detail.path("failure").path("message").asString())
                .as("the internal failure detail customers never see")
                .isNotBlank();
        assertThat(detail.path("timeline").findValuesAsString("type")).contains("ProvisioningFailed");
        assertThat(ops.get("/ops/signups/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(ops.get("/ops/tenants/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void retryOfAFailedNewSiteCompletesAsTheNextAttemptOnceHoweverOftenItIsSent() throws Exception {
        String tenant = retried.tenantId();
        await().atMost(EFFECT_TIMEOUT)
                .until(() -> ops.signup(tenant).path("signupState").asString(), s -> s.equals("failed"));
        String key = "retry-" + UUID.randomUUID();

        OperatorClient.Answer once = ops.post("/ops/signups/" + tenant + "/retry", key, "{\"reason\": \"host fixed\"}");
        OperatorClient.Answer twice =
                ops.post("/ops/signups/" + tenant + "/retry", key, "{\"reason\": \"host fixed\"}");

        String commandId = commandId(tenant, OperatorAction.RETRY, key);
        assertAccepted(once, tenant, commandId);
        assertAccepted(twice, tenant, commandId);
        assertThat(ops.post("/ops/signups/" + tenant + "/retry", key, "{\"reason\": \"another reason\"}")
                        .status())
                .as("the same key for another request")
                .isEqualTo(422);

        await().atMost(SIGNUP_TIMEOUT)
                .untilAsserted(() -> assertThat(publicStatus(retried)).isEqualTo("completed"));
        SiteView site = stack.simulator().site("ops-retry.localhost").orElseThrow();
        assertThat(site.state()).isEqualTo(SimulatedSiteState.READY);
        assertThat(site.userEmails()).contains("jane@ops-retry.example");

        UUID id = UUID.fromString(tenant);
        List<TenantRequested> requested = TopicDump.events(stack.kafkaBootstrap(), TenantRequested.class, id);
        assertThat(requested)
                .extracting(r -> r.getSignup().getAttempt())
                .as("the first attempt and one retry")
                .containsExactly(1, 2);
        assertThat(requested.get(1).getSignup().getSubdomain()).isEqualTo("ops-retry");
        assertThat(TopicDump.events(stack.kafkaBootstrap(), SignupCompleted.class, id))
                .extracting(SignupCompleted::getAttempt)
                .containsExactly(2);
        assertThat(commandsWithId(tenant, commandId)).singleElement().satisfies(c -> {
            assertThat(c.getAction()).isEqualTo(OperatorAction.RETRY);
            assertThat(c.getOperator()).isEqualTo(OPERATOR);
            assertThat(c.getIdempotencyKey()).isEqualTo(key);
            assertThat(c.getReason()).isEqualTo("host fixed");
        });

        await().atMost(EFFECT_TIMEOUT)
                .untilAsserted(() ->
                        assertThat(lifecycle(TenantActivated.class, tenant)).hasSize(1));
        JsonNode snapshot = await().atMost(EFFECT_TIMEOUT)
                .until(
                        () -> ops.signup(tenant),
                        s -> s.path("signupState").asString().equals("completed"));
        assertThat(snapshot.path("attempt").asInt()).isEqualTo(2);
        assertThat(snapshot.path("tenantState").asString()).isEqualTo("active");
        assertThat(ops.post("/ops/signups/" + tenant + "/retry", "retry-" + UUID.randomUUID(), null)
                        .status())
                .as("a completed signup is not retried")
                .isEqualTo(409);
    }

    @Test
    void completedSignupActivatesTheTenantOnceWithItsPlanAndTrial() throws Exception {
        String tenant = paused.tenantId();
        TenantActivated activated = await().atMost(EFFECT_TIMEOUT)
                .until(() -> lifecycle(TenantActivated.class, tenant), a -> !a.isEmpty())
                .get(0);
        assertThat(lifecycle(TenantActivated.class, tenant)).hasSize(1);
        SignupCompleted completed = TopicDump.events(
                        stack.kafkaBootstrap(), SignupCompleted.class, UUID.fromString(tenant))
                .get(0);
        assertThat(activated.getOccurredAt()).isAfterOrEqualTo(completed.getOccurredAt());
        assertThat(activated.getSubdomain()).isEqualTo("ops-pause");
        assertThat(activated.getOrganization()).isEqualTo("ops-pause Ltd");
        assertThat(activated.getAdminEmail()).isEqualTo("jane@ops-pause.example");
        assertThat(activated.getPlan()).isEqualTo(Plan.PRO);
        assertThat(activated.getSiteUrl()).contains("ops-pause.localhost");
        assertThat(activated.getSynthetic()).isFalse();
        assertThat(activated.getTrialEndsAt())
                .as("the default trial: 14 days from activation")
                .isEqualTo(activated.getOccurredAt().plus(Duration.ofDays(14)));
        assertThat(activated.getBenchHost()).isEqualTo("local-simulator");
    }

    @Test
    void suspendedSiteAnswersMaintenanceUntilItIsResumed() throws Exception {
        String tenant = paused.tenantId();
        String site = "ops-pause.localhost";
        awaitTenantState(tenant, "active");
        assertThat(siteStatus(site)).isEqualTo(200);

        String suspendKey = "suspend-" + UUID.randomUUID();
        assertAccepted(
                ops.post(
                        "/ops/tenants/" + tenant + "/suspend",
                        suspendKey,
                        "{\"reason\": \"non_payment\", \"note\": \"invoice 2026-11 unpaid\"}"),
                tenant,
                commandId(tenant, OperatorAction.SUSPEND, suspendKey));

        await().atMost(EFFECT_TIMEOUT).until(() -> siteStatus(site) == 503);
        TenantSuspended suspended = await().atMost(EFFECT_TIMEOUT)
                .until(() -> lifecycle(TenantSuspended.class, tenant), s -> !s.isEmpty())
                .get(0);
        assertThat(suspended.getReason()).isEqualTo(SuspensionReason.NON_PAYMENT);
        assertThat(suspended.getOperator()).isEqualTo(OPERATOR);
        assertThat(String.valueOf(suspended.getCommandId()))
                .isEqualTo(commandId(tenant, OperatorAction.SUSPEND, suspendKey));
        JsonNode snapshot = awaitTenantState(tenant, "suspended");
        assertThat(snapshot.path("suspensionReason").asString()).isEqualToIgnoringCase("non_payment");
        SiteView suspendedSite = stack.simulator().site(site).orElseThrow();
        assertThat(suspendedSite.maintenanceMode()).isTrue();
        assertThat(suspendedSite.schedulerEnabled()).isFalse();
        assertThat(ops.post("/ops/tenants/" + tenant + "/suspend", "suspend-" + UUID.randomUUID(), "{}")
                        .status())
                .as("a suspended tenant is not suspended again")
                .isEqualTo(409);

        String resumeKey = "resume-" + UUID.randomUUID();
        assertAccepted(
                ops.post("/ops/tenants/" + tenant + "/resume", resumeKey, "{\"note\": \"paid\"}"),
                tenant,
                commandId(tenant, OperatorAction.RESUME, resumeKey));

        await().atMost(EFFECT_TIMEOUT).until(() -> siteStatus(site) == 200);
        await().atMost(EFFECT_TIMEOUT)
                .untilAsserted(() -> assertThat(lifecycle(TenantResumed.class, tenant))
                        .singleElement()
                        .satisfies(r -> assertThat(String.valueOf(r.getCommandId()))
                                .isEqualTo(commandId(tenant, OperatorAction.RESUME, resumeKey))));
        JsonNode resumed = awaitTenantState(tenant, "active");
        assertThat(resumed.path("suspensionReason").isNull()
                        || resumed.path("suspensionReason").isMissingNode())
                .as("no suspension reason once resumed: %s", resumed.path("suspensionReason"))
                .isTrue();
        SiteView resumedSite = stack.simulator().site(site).orElseThrow();
        assertThat(resumedSite.maintenanceMode()).isFalse();
        assertThat(resumedSite.schedulerEnabled()).isTrue();
    }

    @Test
    void planChangeIsOneLifecycleEventPerIdempotencyKey() throws Exception {
        String tenant = planned.tenantId();
        awaitTenantState(tenant, "active");
        String key = "plan-" + UUID.randomUUID();
        String toFree = "{\"plan\": \"free\", \"note\": \"downgrade requested by mail\"}";

        String commandId = commandId(tenant, OperatorAction.CHANGE_PLAN, key);
        assertAccepted(ops.post("/ops/tenants/" + tenant + "/plan", key, toFree), tenant, commandId);
        assertAccepted(ops.post("/ops/tenants/" + tenant + "/plan", key, toFree), tenant, commandId);
        assertThat(ops.post("/ops/tenants/" + tenant + "/plan", key, "{\"plan\": \"pro\"}")
                        .status())
                .as("the same key for another plan")
                .isEqualTo(422);
        await().atMost(EFFECT_TIMEOUT)
                .until(() -> ops.tenant(tenant).path("plan").asString(), p -> p.equals("free"));
        // A later command on the same tenant: once its effect is seen, the lifecycle has read everything before it
        // (one partition per tenant), so a duplicate of the first would be visible by now.
        String backKey = "plan-" + UUID.randomUUID();
        assertAccepted(
                ops.post("/ops/tenants/" + tenant + "/plan", backKey, "{\"plan\": \"enterprise\"}"),
                tenant,
                commandId(tenant, OperatorAction.CHANGE_PLAN, backKey));
        await().atMost(EFFECT_TIMEOUT)
                .untilAsserted(() ->
                        assertThat(lifecycle(TenantPlanChanged.class, tenant)).hasSize(2));

        List<TenantPlanChanged> changes = lifecycle(TenantPlanChanged.class, tenant);
        assertThat(changes.get(0).getFromPlan()).isEqualTo(Plan.ENTERPRISE);
        assertThat(changes.get(0).getToPlan()).isEqualTo(Plan.FREE);
        assertThat(String.valueOf(changes.get(0).getCommandId())).isEqualTo(commandId);
        assertThat(changes.get(0).getOperator()).isEqualTo(OPERATOR);
        assertThat(changes.get(1).getFromPlan()).isEqualTo(Plan.FREE);
        assertThat(changes.get(1).getToPlan()).isEqualTo(Plan.ENTERPRISE);
        assertThat(commandsWithId(tenant, commandId))
                .as("one command event for one key")
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.getPlan()).isEqualTo(Plan.FREE);
                    assertThat(c.getReason()).isEqualTo("downgrade requested by mail");
                });
        assertThat(ops.tenant(tenant).path("tenantState").asString()).isEqualTo("active");
        assertThat(prometheus("operator-service"))
                .as("two plan changes published, the repeated request not counted")
                .containsPattern("(?m)^benchline_operator_commands_total\\{[^}]*action=\"change_plan\"[^}]*} 2\\.0$");
        assertThat(ceTypesOnLifecycle(tenant))
                .contains("io.benchline.tenant.TenantActivated", "io.benchline.tenant.TenantPlanChanged");
    }

    @Test
    void deprovisionBacksUpVerifiablyDropsTheSiteAndFreesTheSubdomainAfterTheQuarantine() throws Exception {
        String tenant = gone.tenantId();
        String site = "ops-gone.localhost";
        awaitTenantState(tenant, "active");
        String key = "deprovision-" + UUID.randomUUID();
        String commandId = commandId(tenant, OperatorAction.DEPROVISION, key);

        assertAccepted(
                ops.post(
                        "/ops/tenants/" + tenant + "/deprovision",
                        key,
                        "{\"reason\": \"customer left\", \"graceSeconds\": 0}"),
                tenant,
                commandId);

        TenantDeleted deleted = await().atMost(EFFECT_TIMEOUT)
                .until(() -> lifecycle(TenantDeleted.class, tenant), d -> !d.isEmpty())
                .get(0);
        assertThat(deleted.getReason()).isEqualTo(DeletionReason.DEPROVISIONED);
        assertThat(deleted.getSubdomain()).isEqualTo("ops-gone");
        assertThat(String.valueOf(deleted.getCommandId())).isEqualTo(commandId);
        assertThat(deleted.getOperator()).isEqualTo(OPERATOR);
        List<SpecificRecord> story = lifecycle(tenant);
        assertThat(story.stream().map(e -> e.getClass().getSimpleName()))
                .containsExactly("TenantActivated", "TenantSuspended", "TenantDeleted");
        assertThat(((TenantSuspended) story.get(1)).getReason()).isEqualTo(SuspensionReason.DEPROVISIONING);

        Backup backup = deleted.getBackup();
        assertThat(backup).as("the backup taken before the drop").isNotNull();
        assertThat(backup.getBenchHost()).isEqualTo("local-simulator");
        assertThat(backup.getFiles()).extracting(BackupFile::getKind).contains("database");
        assertThat(backup.getTotalBytes())
                .isEqualTo(backup.getFiles().stream()
                        .mapToLong(BackupFile::getSizeBytes)
                        .sum());
        for (BackupFile file : backup.getFiles()) {
            assertThat(file.getPath()).startsWith(backup.getLocation());
            byte[] bytes = hostFile(file.getPath());
            assertThat(bytes).as("%s on the host", file.getPath()).isNotNull();
            assertThat((long) bytes.length).as("size of %s", file.getPath()).isEqualTo(file.getSizeBytes());
            assertThat(sha256(bytes)).as("sha256 of %s", file.getPath()).isEqualTo(file.getSha256());
        }

        assertThat(siteStatus(site)).as("the dropped site").isEqualTo(404);
        SiteView archived = stack.simulator().site(site).orElseThrow();
        assertThat(archived.state()).isEqualTo(SimulatedSiteState.ARCHIVED);
        assertThat(archived.archivedPath())
                .as("dropped with --archived-sites-path")
                .isNotBlank();
        assertThat(commandLinesFor(site))
                .anyMatch(c -> c.contains("backup --with-files --backup-path"))
                .anyMatch(c -> c.contains("drop-site '" + site + "'") && c.contains("--archived-sites-path"));
        JsonNode snapshot = awaitTenantState(tenant, "deleted");
        assertThat(snapshot.path("backup").path("files").size())
                .isEqualTo(backup.getFiles().size());

        // The subdomain comes back only after the quarantine, counted from the deletion.
        String subdomainCheck = "/api/subdomains/ops-gone";
        await().atMost(QUARANTINE.plus(EFFECT_TIMEOUT))
                .until(() -> JSON.readTree(signups.get(subdomainCheck, null).body())
                        .path("available")
                        .asBoolean());
        assertThat(Instant.now()).isAfterOrEqualTo(deleted.getOccurredAt().plus(QUARANTINE));
        assertThat(signups.post(signup("ops-gone", "free")).status())
                .as("a new signup takes the freed subdomain")
                .isEqualTo(202);
    }

    @Test
    void withoutATokenEverythingIsRefusedAndTheReadOnlyTokenCannotWrite() throws Exception {
        OperatorClient anonymous = ops.as(null);
        OperatorClient.Answer noToken = anonymous.get("/ops/signups");
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(noToken.header("Content-Type")).startsWith("application/problem+json");
        assertThat(ops.as("not.a.jwt").get("/ops/tenants").status()).isEqualTo(401);
        // A genuine token with its signature changed.
        int signature = writeToken.lastIndexOf('.') + 1;
        char first = writeToken.charAt(signature);
        String forged =
                writeToken.substring(0, signature) + (first == 'A' ? 'B' : 'A') + writeToken.substring(signature + 1);
        assertThat(ops.as(forged).get("/ops/tenants").status()).isEqualTo(401);

        String tenant = paused.tenantId();
        String key = "readonly-" + UUID.randomUUID();
        assertThat(anonymous
                        .post("/ops/tenants/" + tenant + "/suspend", key, "{}")
                        .status())
                .isEqualTo(401);
        OperatorClient readOnly = ops.as(readToken);
        assertThat(readOnly.get("/ops/signups?since=" + classStart).status()).isEqualTo(200);
        assertThat(readOnly.get("/ops/tenants/" + tenant).status()).isEqualTo(200);
        OperatorClient.Answer refused = readOnly.post("/ops/tenants/" + tenant + "/suspend", key, "{}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(readOnly.post("/ops/signups/" + failed.tenantId() + "/retry", key, null)
                        .status())
                .isEqualTo(403);
        assertThat(ops.post("/ops/tenants/" + tenant + "/suspend", null, "{}").status())
                .as("a command without Idempotency-Key")
                .isEqualTo(400);
        assertThat(ops.post("/ops/tenants/" + UUID.randomUUID() + "/suspend", key, "{}")
                        .status())
                .as("an unknown tenant")
                .isEqualTo(404);
        assertThat(commandsWithId(tenant, commandId(tenant, OperatorAction.SUSPEND, key)))
                .as("refused requests publish nothing")
                .isEmpty();

        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        OperatorClient.Answer apiDocs = anonymous.get("/v3/api-docs");
        assertThat(apiDocs.status()).isEqualTo(200);
        assertThat(apiDocs.body().path("paths").propertyNames())
                .contains(
                        "/ops/signups",
                        "/ops/tenants",
                        "/ops/signups/{tenantId}/retry",
                        "/ops/tenants/{tenantId}/deprovision");
    }

    /** The canary's one run (contracts §7) against this real stack, from its signup to its own deprovisioning. */
    @Test
    void canarySignsUpASyntheticTenantEntersItsSiteAndDeprovisionsIt() throws Exception {
        String scrape = prometheus("operator-service");
        assertThat(scrape)
                .as("the run ended logged in on the site")
                .containsPattern("(?m)^benchline_canary_runs_total\\{[^}]*outcome=\"success\"[^}]*} 1\\.0$")
                .containsPattern("(?m)^benchline_canary_runs_total\\{[^}]*outcome=\"failure\"[^}]*} 0\\.0$")
                .containsPattern("(?m)^benchline_canary_consecutive_failures(\\{[^}]*})? 0\\.0$")
                .containsPattern("(?m)^benchline_canary_duration_seconds_count(\\{[^}]*})? 1(\\.0)?$");

        List<JsonNode> synthetic = ops.listAll("signups", Map.of("since", stackStart.toString()), 200).stream()
                .filter(i -> i.path("synthetic").asBoolean())
                .toList();
        assertThat(synthetic).as("the canary's signup, tagged by its header").singleElement();
        JsonNode canary = synthetic.get(0);
        assertThat(canary.path("subdomain").asString()).matches("canary-[0-9a-f]{8}");
        String tenant = canary.path("tenantId").asString();

        TenantDeleted deleted = await().atMost(EFFECT_TIMEOUT)
                .until(() -> lifecycle(TenantDeleted.class, tenant), d -> !d.isEmpty())
                .get(0);
        assertThat(deleted.getReason()).isEqualTo(DeletionReason.DEPROVISIONED);
        assertThat(deleted.getBackup()).isNotNull();
        assertThat(lifecycle(TenantActivated.class, tenant))
                .singleElement()
                .satisfies(a ->
                        assertThat(a.getSynthetic()).as("billing can skip it").isTrue());
        assertThat(TopicDump.events(stack.kafkaBootstrap(), OperatorCommandIssued.class, UUID.fromString(tenant)))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.getAction()).isEqualTo(OperatorAction.DEPROVISION);
                    assertThat(c.getOperator()).isEqualTo(OPERATOR);
                    assertThat(c.getGraceSeconds()).isZero();
                });
        assertThat(ops.tenant(tenant).path("tenantState").asString()).isEqualTo("deleted");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void noTokenSigningKeyCanaryCredentialOrPasswordInAnyLogOrRecord() throws Exception {
        // Each token has been presented by now, at least by this test.
        assertThat(ops.get("/ops/tenants?since=" + classStart).status()).isEqualTo(200);
        assertThat(ops.as(readToken).get("/ops/signups?since=" + classStart).status())
                .isEqualTo(200);

        List<String> logLines = new ArrayList<>();
        try (var logs = Files.list(state.resolve("logs"))) {
            for (Path log : logs.toList()) {
                logLines.addAll(Files.readAllLines(log));
            }
        }
        List<TopicDump.RawRecord> records = TopicDump.all(stack.kafkaBootstrap());
        for (String token : List.of(writeToken, readToken)) {
            // The signature is what makes a token usable; the header and claims are not secret.
            String signature = token.substring(token.lastIndexOf('.') + 1);
            SecretScan.assertNotInLogs(signature, logLines);
            SecretScan.assertNotInRecords(signature, records);
        }
        for (String keyLine : privateKeyLines()) {
            SecretScan.assertNotInLogs(keyLine, logLines);
            SecretScan.assertNotInRecords(keyLine, records);
        }
        SecretScan.assertNotInLogs(PASSWORD, logLines);
        SecretScan.assertNotInRecords(PASSWORD, records);
        // The canary's X-Benchline-Canary credential (signup-service knows only its SHA-256).
        String canaryToken =
                Files.readString(state.resolve("keysets/canary-token")).strip();
        SecretScan.assertNotInLogs(canaryToken, logLines);
        SecretScan.assertNotInRecords(canaryToken, records);
    }

    // --- helpers

    private static SignupClient.Posted accepted(String json) throws Exception {
        SignupClient.Posted posted = signups.post(json);
        assertThat(posted.status()).as(posted.body().toString()).isEqualTo(202);
        return posted;
    }

    private static String publicStatus(SignupClient.Posted posted) throws Exception {
        return signups.status(posted).path("status").asString();
    }

    private static void assertAccepted(OperatorClient.Answer answer, String tenant, String commandId) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(202);
        assertThat(answer.body().path("commandId").asString()).isEqualTo(commandId);
        assertThat(answer.body().path("tenantId").asString()).isEqualTo(tenant);
        assertThat(answer.body().path("status").asString()).isEqualTo("accepted");
        assertThat(answer.header("Location")).isEqualTo("/ops/signups/" + tenant);
    }

    /** The contract's commandId: the same for the same tenant, action and key, whoever computes it. */
    static String commandId(String tenant, OperatorAction action, String idempotencyKey) {
        return UUID.nameUUIDFromBytes(("benchline:ops:" + tenant + ":" + action + ":" + idempotencyKey)
                        .getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private static JsonNode awaitTenantState(String tenant, String wanted) {
        return await().atMost(EFFECT_TIMEOUT)
                .until(
                        () -> ops.tenant(tenant),
                        t -> t.path("tenantState").asString().equals(wanted));
    }

    /** The tenant's events on tenant.lifecycle in offset order (one partition per tenant), decoded. */
    private static List<SpecificRecord> lifecycle(String tenant) {
        return TopicDump.events(stack.kafkaBootstrap(), UUID.fromString(tenant), Topic.TENANT_LIFECYCLE);
    }

    private static <T extends SpecificRecord> List<T> lifecycle(Class<T> type, String tenant) {
        return lifecycle(tenant).stream()
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    private static List<String> ceTypesOnLifecycle(String tenant) {
        return TopicDump.of(stack.kafkaBootstrap(), Topic.TENANT_LIFECYCLE.topicName()).stream()
                .filter(r -> tenant.equals(r.keyText()))
                .map(r -> r.headers().get("ce_type"))
                .toList();
    }

    private static List<OperatorCommandIssued> commandsWithId(String tenant, String commandId) {
        return TopicDump.events(stack.kafkaBootstrap(), OperatorCommandIssued.class, UUID.fromString(tenant)).stream()
                .filter(c -> commandId.equals(String.valueOf(c.getCommandId())))
                .toList();
    }

    private static List<String> commandLinesFor(String site) {
        return stack.simulator().commands().stream()
                .map(RecordedCommand::commandLine)
                .filter(c -> c.contains(site))
                .toList();
    }

    /**
     * The status of the site's login page on the simulated host's Frappe, the site picked by
     * {@code X-Frappe-Site-Name}: 200 when it serves, 503 in maintenance mode, 404 when no such site.
     */
    private static int siteStatus(String site) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(stack.simulator().gunicornBaseUrl() + "/login"))
                                .header("X-Frappe-Site-Name", site)
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Finished canary runs, whatever their outcome, as operator-service counts them. */
    private static double canaryRuns() throws Exception {
        double runs = 0;
        for (String line : prometheus("operator-service").lines().toList()) {
            if (line.startsWith("benchline_canary_runs_total")) {
                runs += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return runs;
    }

    /** A service's Prometheus scrape (no token: scraped inside the cluster). */
    private static String prometheus(String service) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + stack.managementPort(service) + "/actuator/prometheus"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** A file on the simulated bench host, as bench wrote it (null when there is none). */
    private static byte[] hostFile(String path) {
        return stack.simulator().file(path).orElse(null);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** The base64 lines of the development signing key the stack generated (none if it keeps no private key). */
    private static List<String> privateKeyLines() throws Exception {
        List<String> lines = new ArrayList<>();
        try (var files = Files.walk(state.resolve("operator-jwt"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file);
                if (text.contains("PRIVATE KEY")) {
                    text.lines()
                            .filter(l -> !l.startsWith("-----") && l.length() >= 40)
                            .forEach(lines::add);
                }
            }
        }
        return lines;
    }

    private static Map<String, String> with(Map<String, String> filters, String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(filters);
        more.put(name, value);
        return more;
    }

    private static List<String> ids(List<JsonNode> items) {
        return items.stream().map(i -> i.path("tenantId").asString()).toList();
    }

    private static String signup(String subdomain, String plan) {
        return """
                {"organization": "%s Ltd", "subdomain": "%s", "email": "jane@%s.example",
                 "firstName": "Jane", "lastName": "Doe", "password": "%s",
                 "plan": "%s", "country": "DE", "timezone": "Europe/Berlin", "currency": "EUR"}""".formatted(subdomain, subdomain, subdomain, PASSWORD, plan);
    }
}
