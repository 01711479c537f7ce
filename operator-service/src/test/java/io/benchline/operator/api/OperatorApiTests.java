package io.benchline.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.OperatorAction;
import io.benchline.events.OperatorCommandIssued;
import io.benchline.events.Plan;
import io.benchline.events.SuspensionReason;
import io.benchline.operator.security.OperatorInstance;
import io.benchline.operator.security.TestTokens;
import io.benchline.operator.tenant.CommandEntry;
import io.benchline.operator.tenant.FailureDetail;
import io.benchline.operator.tenant.SignupState;
import io.benchline.operator.tenant.TenantSnapshot;
import io.benchline.operator.tenant.TenantState;
import io.benchline.operator.tenant.TimelineEntry;
import io.benchline.testing.TopicDump;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The /ops endpoints over real HTTP against the running service: lists and snapshots from snapshots the test writes
 * to the lifecycle store's changelog as the lifecycle would, commands read back from tenant.operator-commands on the
 * broker.
 */
class OperatorApiTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant BASE = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    static Path folder;

    private static TestTokens tokens;
    private static OperatorInstance operator;
    private static WebTestClient writer;
    private static WebTestClient reader;

    /** This class's snapshots all sit on this host, so lists filtered by it see nothing of other tests. */
    private static final String HOST = "bench-" + UUID.randomUUID().toString().substring(0, 8);

    private static final TenantSnapshot FAILED = snapshot(1, SignupState.FAILED, TenantState.NONE, "free");
    private static final TenantSnapshot PROVISIONING = snapshot(2, SignupState.PROVISIONING, TenantState.NONE, "pro");
    private static final TenantSnapshot ACTIVE = snapshot(3, SignupState.COMPLETED, TenantState.ACTIVE, "pro");
    private static final TenantSnapshot SUSPENDED = snapshot(4, SignupState.COMPLETED, TenantState.SUSPENDED, "free");
    private static final TenantSnapshot AWAITING =
            snapshot(5, SignupState.COMPLETED, TenantState.AWAITING_VERIFICATION, "enterprise");

    /** Targets of the concurrency tests, on a host of their own so the lists above stay as they are. */
    private static final String OTHER_HOST = HOST + "-other";

    private static final TenantSnapshot RACED = snapshot(6, SignupState.FAILED, TenantState.NONE, "free", OTHER_HOST);
    private static final TenantSnapshot TWO_INSTANCES =
            snapshot(7, SignupState.COMPLETED, TenantState.ACTIVE, "free", OTHER_HOST);

    @BeforeAll
    static void start() {
        tokens = new TestTokens(folder);
        operator = OperatorInstance.start(tokens, folder.resolve("state"));
        writer = operator.client(tokens.token("local-operator", "ops:read ops:write"));
        reader = operator.client(tokens.token("local-readonly", "ops:read"));
        OperatorInstance.writeSnapshots(
                List.of(FAILED, PROVISIONING, ACTIVE, SUSPENDED, AWAITING, RACED, TWO_INSTANCES));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> signups("host=" + HOST + "&limit=200").size() == 5
                        && signups("host=" + OTHER_HOST).size() == 2);
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void listsSignupsNewestFirstAndPagesWithAnOpaqueCursor() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = get("/ops/signups?host=" + HOST + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("items").forEach(item -> seen.add(item.get("tenantId").asString()));
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen)
                .containsExactly(
                        AWAITING.tenantId(),
                        SUSPENDED.tenantId(),
                        ACTIVE.tenantId(),
                        PROVISIONING.tenantId(),
                        FAILED.tenantId());
    }

    @Test
    void signupItemsCarryStateAndFailureInLowerCase() {
        JsonNode item = signups("host=" + HOST + "&state=failed").get(0);

        assertThat(item.get("tenantId").asString()).isEqualTo(FAILED.tenantId());
        assertThat(item.get("state").asString()).isEqualTo("failed");
        assertThat(item.get("plan").asString()).isEqualTo("free");
        assertThat(item.get("host").asString()).isEqualTo(HOST);
        assertThat(item.get("attempt").asInt()).isEqualTo(1);
        assertThat(item.get("acceptedAt").asString())
                .isEqualTo(FAILED.acceptedAt().toString());
        assertThat(item.get("failure").get("stage").asString()).isEqualTo("PROVISION");
        assertThat(item.get("failure").get("retryable").asBoolean()).isTrue();
        assertThat(signups("host=" + HOST + "&state=provisioning")
                        .get(0)
                        .get("failure")
                        .isNull())
                .isTrue();
    }

    @Test
    void filtersByStatePlanAndSince() {
        assertThat(ids(signups("host=" + HOST + "&plan=pro")))
                .containsExactly(ACTIVE.tenantId(), PROVISIONING.tenantId());
        assertThat(ids(signups("host=" + HOST + "&state=completed&plan=free"))).containsExactly(SUSPENDED.tenantId());
        assertThat(ids(signups("host=" + HOST + "&since=" + BASE.plusSeconds(4 * 60))))
                .containsExactly(AWAITING.tenantId(), SUSPENDED.tenantId());
    }

    @Test
    void listsOnlyTenantsUnderTenants() {
        JsonNode items = get("/ops/tenants?host=" + HOST).get("items");
        assertThat(ids(items)).containsExactly(AWAITING.tenantId(), SUSPENDED.tenantId(), ACTIVE.tenantId());

        JsonNode suspended =
                get("/ops/tenants?host=" + HOST + "&state=suspended").get("items");
        assertThat(ids(suspended)).containsExactly(SUSPENDED.tenantId());
        assertThat(suspended.get(0).get("state").asString()).isEqualTo("suspended");
        assertThat(suspended.get(0).get("suspensionReason").asString()).isEqualTo("non_payment");
        assertThat(suspended.get(0).get("siteUrl").asString()).isEqualTo(SUSPENDED.siteUrl());
    }

    @Test
    void badFiltersAreBadRequests() {
        for (String query : List.of(
                "state=exploded",
                "state=active", // a tenant state, not a signup state
                "plan=platinum",
                "since=yesterday",
                "limit=0",
                "limit=201",
                "limit=ten",
                "cursor=bm90LWEtY3Vyc29y")) {
            reader.get()
                    .uri("/ops/signups?" + query)
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
        reader.get().uri("/ops/tenants?state=failed").exchange().expectStatus().isBadRequest();
    }

    @Test
    void snapshotHasTimelineCommandsAndFailureDetailWithLowerCaseStates() {
        JsonNode snapshot = get("/ops/signups/" + FAILED.tenantId());

        assertThat(snapshot.get("signupState").asString()).isEqualTo("failed");
        assertThat(snapshot.get("tenantState").asString()).isEqualTo("none");
        assertThat(snapshot.get("failure").get("message").asString()).isEqualTo("bench new-site exited with 1");
        assertThat(snapshot.get("timeline").get(0).get("type").asString()).isEqualTo("TenantRequested");

        JsonNode tenant = get("/ops/tenants/" + ACTIVE.tenantId());
        assertThat(tenant.get("tenantState").asString()).isEqualTo("active");
        assertThat(tenant.get("commands").get(0).get("status").asString()).isEqualTo("done");
    }

    @Test
    void unknownOrNotYetTenantIsNotFound() {
        for (String path : List.of(
                "/ops/signups/" + UUID.randomUUID(),
                "/ops/signups/not-a-uuid",
                "/ops/tenants/" + PROVISIONING.tenantId())) {
            reader.get()
                    .uri(path)
                    .exchange()
                    .expectStatus()
                    .isNotFound()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    @Test
    void retryPublishesOneCommandAndRepeatingTheKeyPublishesNothingMore() {
        UUID tenant = UUID.fromString(FAILED.tenantId());
        String key = "retry-" + UUID.randomUUID();
        UUID expected =
                UUID.nameUUIDFromBytes(("benchline:ops:" + tenant + ":RETRY:" + key).getBytes(StandardCharsets.UTF_8));

        for (int i = 0; i < 2; i++) {
            writer.post()
                    .uri("/ops/signups/{id}/retry", tenant)
                    .header("Idempotency-Key", key)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("reason", "host repaired"))
                    .exchange()
                    .expectStatus()
                    .isAccepted()
                    .expectHeader()
                    .location("/ops/signups/" + tenant)
                    .expectBody()
                    .jsonPath("$.commandId")
                    .isEqualTo(expected.toString())
                    .jsonPath("$.tenantId")
                    .isEqualTo(tenant.toString())
                    .jsonPath("$.action")
                    .isEqualTo("retry")
                    .jsonPath("$.status")
                    .isEqualTo("accepted");
        }

        List<OperatorCommandIssued> issued = commandsOf(tenant);
        assertThat(issued).hasSize(1);
        OperatorCommandIssued command = issued.get(0);
        assertThat(command.getCommandId()).isEqualTo(expected);
        assertThat(command.getAction()).isEqualTo(OperatorAction.RETRY);
        assertThat(command.getOperator()).isEqualTo("local-operator");
        assertThat(command.getReason()).isEqualTo("host repaired");
        assertThat(command.getIdempotencyKey()).isEqualTo(key);
        assertThat(command.getTenantId()).isEqualTo(tenant);
        assertThat(command.getPlan()).isNull();

        // Same key, another request: refused, nothing published.
        writer.post()
                .uri("/ops/signups/{id}/retry", tenant)
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "something else"))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(commandsOf(tenant)).hasSize(1);

        assertThat(prometheus()).containsPattern("benchline_operator_commands_total\\{action=\"retry\".*} 1\\.0");
    }

    @Test
    void retryOfASignupThatHasNotFailedIsAConflict() {
        post("/ops/signups/" + PROVISIONING.tenantId() + "/retry", Map.of())
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> assertThat(detail.toString()).contains("provisioning"));
        assertThat(commandsOf(UUID.fromString(PROVISIONING.tenantId()))).isEmpty();
    }

    @Test
    void commandForAnUnknownTenantIsNotFound() {
        post("/ops/signups/" + UUID.randomUUID() + "/retry", Map.of())
                .expectStatus()
                .isNotFound();
        post("/ops/tenants/" + UUID.randomUUID() + "/suspend", Map.of())
                .expectStatus()
                .isNotFound();
    }

    @Test
    void everyPostNeedsAValidIdempotencyKey() {
        writer.post()
                .uri("/ops/tenants/{id}/suspend", ACTIVE.tenantId())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of())
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> assertThat(detail.toString()).contains("Idempotency-Key"));
        writer.post()
                .uri("/ops/tenants/{id}/suspend", ACTIVE.tenantId())
                .header("Idempotency-Key", "x".repeat(256))
                .exchange()
                .expectStatus()
                .isBadRequest();
        assertThat(commandsOf(UUID.fromString(ACTIVE.tenantId()))).isEmpty();
    }

    @Test
    void badBodiesAreBadRequests() {
        String active = "/ops/tenants/" + ACTIVE.tenantId();
        post(active + "/suspend", Map.of("reason", "boredom")).expectStatus().isBadRequest();
        post(active + "/suspend", Map.of("note", "line one\nforged log line"))
                .expectStatus()
                .isBadRequest();
        post(active + "/suspend", Map.of("note", "rtl \u202Etxet"))
                .expectStatus()
                .isBadRequest();
        post(active + "/resume", Map.of("note", "x".repeat(501))).expectStatus().isBadRequest();
        post(active + "/plan", Map.of("plan", "platinum")).expectStatus().isBadRequest();
        post(active + "/plan", Map.of()).expectStatus().isBadRequest();
        post(active + "/deprovision", Map.of("graceSeconds", 90L * 24 * 3600 + 1))
                .expectStatus()
                .isBadRequest();
        post(active + "/deprovision", Map.of("graceSeconds", -1)).expectStatus().isBadRequest();
        writer.post()
                .uri(active + "/suspend")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{not json")
                .exchange()
                .expectStatus()
                .isBadRequest();
        assertThat(commandsOf(UUID.fromString(ACTIVE.tenantId()))).isEmpty();
    }

    @Test
    void suspendOfAnActiveTenantCarriesReasonAndNote() {
        UUID tenant = UUID.fromString(AWAITING.tenantId());
        post("/ops/tenants/" + tenant + "/suspend", Map.of("reason", "abuse", "note", "spam reports"))
                .expectStatus()
                .isAccepted()
                .expectBody()
                .jsonPath("$.action")
                .isEqualTo("suspend");

        OperatorCommandIssued command = commandsOf(tenant).get(0);
        assertThat(command.getAction()).isEqualTo(OperatorAction.SUSPEND);
        assertThat(command.getSuspensionReason()).isEqualTo(SuspensionReason.ABUSE);
        assertThat(command.getReason()).isEqualTo("spam reports");
    }

    @Test
    void commandsNotApplicableInTheTenantsStateAreConflicts() {
        String suspended = "/ops/tenants/" + SUSPENDED.tenantId();
        post(suspended + "/suspend", Map.of()).expectStatus().isEqualTo(HttpStatus.CONFLICT);
        post(suspended + "/plan", Map.of("plan", "free")).expectStatus().isEqualTo(HttpStatus.CONFLICT);
        post("/ops/tenants/" + ACTIVE.tenantId() + "/resume", Map.of())
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT);
        post("/ops/tenants/" + PROVISIONING.tenantId() + "/deprovision", Map.of())
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT);
        assertThat(commandsOf(UUID.fromString(SUSPENDED.tenantId()))).isEmpty();
    }

    @Test
    void planChangeAndDeprovisionOfASuspendedTenantArePublished() {
        UUID tenant = UUID.fromString(SUSPENDED.tenantId());
        post("/ops/tenants/" + tenant + "/plan", Map.of("plan", "pro", "note", "upgraded by sales"))
                .expectStatus()
                .isAccepted();
        post("/ops/tenants/" + tenant + "/deprovision", Map.of("reason", "contract ended", "graceSeconds", 0))
                .expectStatus()
                .isAccepted()
                .expectBody()
                .jsonPath("$.action")
                .isEqualTo("deprovision");
        post("/ops/tenants/" + tenant + "/resume", Map.of()).expectStatus().isAccepted();

        List<OperatorCommandIssued> commands = commandsOf(tenant);
        assertThat(commands)
                .extracting(OperatorCommandIssued::getAction)
                .containsExactly(OperatorAction.CHANGE_PLAN, OperatorAction.DEPROVISION, OperatorAction.RESUME);
        assertThat(commands.get(0).getPlan()).isEqualTo(Plan.PRO);
        assertThat(commands.get(1).getGraceSeconds()).isZero();
        assertThat(commands.get(1).getReason()).isEqualTo("contract ended");
    }

    @Test
    void identicalRequestsAtTheSameTimeIssueOneCommand() {
        UUID tenant = UUID.fromString(RACED.tenantId());
        String key = "raced-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<CompletableFuture<String>> answers = IntStream.range(0, 6)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> commandIdOf(writer, tenant, key, "raced"), pool))
                    .toList();

            assertThat(answers.stream().map(CompletableFuture::join).distinct()).hasSize(1);
        } finally {
            pool.shutdown();
        }
        assertThat(commandsOf(tenant)).hasSize(1);
    }

    @Test
    void anotherInstanceAnswersARepeatedKeyWithTheSameCommandAtOnce() {
        UUID tenant = UUID.fromString(TWO_INSTANCES.tenantId());
        String key = "two-instances-" + UUID.randomUUID();
        String first = commandIdOf(writer, tenant, key, "maintenance window");

        try (OperatorInstance second = OperatorInstance.start(tokens, folder.resolve("state-2"))) {
            WebTestClient secondWriter = second.client(tokens.token("local-operator", "ops:read ops:write"));

            assertThat(commandIdOf(secondWriter, tenant, key, "maintenance window"))
                    .isEqualTo(first);
            secondWriter
                    .post()
                    .uri("/ops/tenants/{id}/suspend", tenant)
                    .header("Idempotency-Key", key)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("note", "another note"))
                    .exchange()
                    .expectStatus()
                    .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        }
        assertThat(commandsOf(tenant)).hasSize(1);
    }

    /** POSTs a suspend (or, for a failed signup, a retry) and returns the answered commandId. */
    private static String commandIdOf(WebTestClient client, UUID tenant, String key, String note) {
        boolean failed = tenant.toString().equals(RACED.tenantId());
        String body = client.post()
                .uri(failed ? "/ops/signups/{id}/retry" : "/ops/tenants/{id}/suspend", tenant)
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(failed ? Map.of("reason", note) : Map.of("note", note))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        return JSON.readTree(body).get("commandId").asString();
    }

    @Test
    void openApiDocumentListsEveryOpsEndpoint() {
        JsonNode paths = JSON.readTree(operator.client()
                        .get()
                        .uri("/v3/api-docs")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody())
                .get("paths");

        List<String> names = new ArrayList<>();
        paths.propertyNames().forEach(names::add);
        assertThat(names)
                .containsExactlyInAnyOrder(
                        "/ops/signups",
                        "/ops/signups/{tenantId}",
                        "/ops/signups/{tenantId}/retry",
                        "/ops/tenants",
                        "/ops/tenants/{tenantId}",
                        "/ops/tenants/{tenantId}/suspend",
                        "/ops/tenants/{tenantId}/resume",
                        "/ops/tenants/{tenantId}/plan",
                        "/ops/tenants/{tenantId}/deprovision");
        assertThat(paths.get("/ops/signups").has("get")).isTrue();
        assertThat(paths.get("/ops/tenants/{tenantId}/plan").has("post")).isTrue();
        List<String> retryParameters = new ArrayList<>();
        paths.get("/ops/signups/{tenantId}/retry")
                .get("post")
                .get("parameters")
                .forEach(p -> retryParameters.add(p.get("name").asString()));
        assertThat(retryParameters).containsExactlyInAnyOrder("tenantId", "Idempotency-Key");
    }

    private static WebTestClient.ResponseSpec post(String path, Map<String, ?> body) {
        return writer.post()
                .uri(path)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private static JsonNode get(String path) {
        String body = reader.get()
                .uri(path)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        return JSON.readTree(body);
    }

    private static JsonNode signups(String query) {
        return get("/ops/signups?" + query).get("items");
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.get("tenantId").asString()));
        return ids;
    }

    private static List<OperatorCommandIssued> commandsOf(UUID tenant) {
        return TopicDump.events(OperatorCommandIssued.class, tenant);
    }

    private static String prometheus() {
        return operator.client()
                .get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    /** The n-th signup of this class, accepted n minutes after {@link #BASE}. */
    private static TenantSnapshot snapshot(int n, SignupState signup, TenantState tenant, String plan) {
        return snapshot(n, signup, tenant, plan, HOST);
    }

    private static TenantSnapshot snapshot(int n, SignupState signup, TenantState tenant, String plan, String host) {
        String id = UUID.randomUUID().toString();
        Instant accepted = BASE.plusSeconds(n * 60L);
        boolean failed = signup == SignupState.FAILED;
        boolean live = tenant != TenantState.NONE;
        return new TenantSnapshot(
                id,
                "acme-" + n,
                "Acme " + n,
                "jane" + n + "@acme.example",
                plan,
                host,
                "http://acme-" + n + ".localhost:8000",
                false,
                true,
                live ? "verified" : null,
                1,
                signup,
                tenant,
                tenant == TenantState.SUSPENDED ? "NON_PAYMENT" : null,
                accepted,
                accepted.plusSeconds(30),
                accepted.plusSeconds(900),
                live ? accepted.plusSeconds(20) : null,
                tenant == TenantState.ACTIVE ? accepted.plusSeconds(25) : null,
                null,
                null,
                failed
                        ? new FailureDetail(
                                accepted.plusSeconds(10),
                                1,
                                "PROVISION",
                                "BENCH_COMMAND_FAILED",
                                "bench new-site exited with 1",
                                true)
                        : null,
                null,
                live
                        ? List.of(new CommandEntry(
                                UUID.randomUUID().toString(),
                                "CHANGE_PLAN",
                                "local-operator",
                                null,
                                "k",
                                accepted.plusSeconds(60),
                                CommandEntry.Status.DONE,
                                null))
                        : List.of(),
                List.of(new TimelineEntry(accepted, "TenantRequested", "signup accepted", Map.of("attempt", "1"))));
    }
}
