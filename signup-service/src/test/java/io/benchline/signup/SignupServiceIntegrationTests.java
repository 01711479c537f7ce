package io.benchline.signup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.FailureReason;
import io.benchline.events.FailureStage;
import io.benchline.events.KeysActive;
import io.benchline.events.ProvisioningFailed;
import io.benchline.events.ProvisioningProgressed;
import io.benchline.events.ProvisioningStep;
import io.benchline.events.SecretPurpose;
import io.benchline.events.Signup;
import io.benchline.events.SignupCompleted;
import io.benchline.events.Site;
import io.benchline.events.StepPhase;
import io.benchline.events.TenantRequested;
import io.benchline.platform.secrets.Keysets;
import io.benchline.platform.secrets.SealedField;
import io.benchline.platform.secrets.SealingContext;
import io.benchline.platform.secrets.SealingException;
import io.benchline.platform.secrets.SecretSealer;
import io.benchline.schemas.AvroEventDeserializer;
import io.benchline.schemas.SampleEvents;
import io.benchline.schemas.Topic;
import io.benchline.testing.CapturedLogs;
import io.benchline.testing.KafkaTestBroker;
import io.benchline.testing.SecretScan;
import io.benchline.testing.TopicDump;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * signup-service on a real broker, as a deployment of two instances: the subdomain race, release on failure,
 * restart, deadline, private SSE with replay, bad input, and a scan for the password everywhere.
 */
class SignupServiceIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "Quartz-lantern-meadow-57-orbit";

    @TempDir
    static Path state;

    @AutoClose
    private static SignupInstance first;

    @AutoClose
    private static SignupInstance second;

    @BeforeAll
    static void startTwoInstances() {
        first = SignupInstance.start(state.resolve("first"), Map.of("benchline.signup.access-log.enabled", "true"));
        second = SignupInstance.start(state.resolve("second"), Map.of());
        first.awaitRunning();
    }

    @Test
    void actuatorAnswersOnlyOnTheManagementPortAndExposesOnlyHealthInfoAndPrometheus() {
        first.client()
                .get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isNotFound();
        first.client().get().uri("/actuator/health").exchange().expectStatus().isNotFound();

        var management = org.springframework.test.web.reactive.server.WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + first.managementPort())
                // The scrape (Kafka Streams' per-task metrics, histograms) outgrows the client's 256 KB default;
                // Prometheus reads it whole.
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
                .build();
        management
                .get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(scrape -> assertThat(scrape).contains("http_server_requests"));
        management
                .get()
                .uri("/actuator/health/readiness")
                .exchange()
                .expectStatus()
                .isOk();
        management
                .get()
                .uri("/actuator/health/liveness")
                .exchange()
                .expectStatus()
                .isOk();
        for (String hidden : List.of("env", "beans", "configprops", "loggers", "heapdump", "threaddump")) {
            management
                    .get()
                    .uri("/actuator/" + hidden)
                    .exchange()
                    .expectStatus()
                    .isNotFound();
        }
    }

    @Test
    void exactlyOneOfFiftyConcurrentSignupsForOneSubdomainIsAcceptedAcrossTwoInstances() {
        String subdomain = uniqueSubdomain("race");
        List<WebClient> clients = List.of(WebClient.create(first.baseUrl()), WebClient.create(second.baseUrl()));

        List<Integer> statuses = Flux.range(0, 50)
                .flatMap(
                        i -> clients.get(i % 2)
                                .post()
                                .uri("/api/signups")
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(signup("Race " + i, subdomain, "race" + i + "@example.com"))
                                .exchangeToMono(response -> response.releaseBody()
                                        .thenReturn(response.statusCode().value())),
                        50)
                .collectList()
                .block(Duration.ofSeconds(60));

        assertThat(statuses).hasSize(50);
        assertThat(statuses.stream().filter(s -> s == 202)).hasSize(1);
        assertThat(statuses.stream().filter(s -> s == 409)).hasSize(49);
        assertThat(tenantRequestsFor(subdomain)).hasSize(1);
    }

    @Test
    void aFailedSignupReleasesItsSubdomainSoTheCustomerCanTryAgain() {
        String subdomain = uniqueSubdomain("retry");
        JsonNode accepted = post(first, signup("Retry Ltd", subdomain, "retry@example.com"))
                .expectStatus()
                .isAccepted()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        UUID tenantId = UUID.fromString(accepted.get("tenantId").asString());
        post(second, signup("Retry Ltd", subdomain, "retry@example.com"))
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT);

        publish(failed(tenantId, FailureStage.PROVISION, FailureReason.BENCH_COMMAND_FAILED));

        await().atMost(Duration.ofSeconds(20)).until(() -> available(second, subdomain));
        post(second, signup("Retry Ltd", subdomain, "retry@example.com"))
                .expectStatus()
                .isAccepted();
    }

    @Test
    void subdomainCheckSaysWhyANameIsNotAvailable() {
        String subdomain = uniqueSubdomain("check");
        assertThat(check(first, subdomain).get("available").asBoolean()).isTrue();
        assertThat(check(first, "www").get("reason").asString()).isEqualTo("reserved");
        assertThat(check(first, "xn--bcher-kva").get("reason").asString()).isEqualTo("invalid");

        post(first, signup("Check Ltd", subdomain, "check@example.com"))
                .expectStatus()
                .isAccepted();

        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        "taken".equals(check(second, subdomain).path("reason").asString(null)));
    }

    @Test
    void aSignupPastItsDeadlineFailsOnceWithTimeoutAndLateEventsChangeNothing() {
        UUID tenantId = UUID.randomUUID();
        String subdomain = uniqueSubdomain("late");
        publish(requested(tenantId, subdomain, Instant.now().plusMillis(300)));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> failuresOf(tenantId).stream().anyMatch(f -> f.getStage() == FailureStage.TIMEOUT));
        ProvisioningFailed timeout = failuresOf(tenantId).get(0);
        assertThat(timeout.getReason()).isEqualTo(FailureReason.DEADLINE_EXCEEDED);

        publish(completed(tenantId, subdomain));
        String token = first.bean(io.benchline.signup.access.StreamAccess.class)
                .issue(tenantId, Instant.now().plusSeconds(600));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode status = status(second, tenantId, token);
            return status != null
                    && "failed".equals(status.get("status").asString())
                    && "deadline_exceeded"
                            .equals(status.get("failure").get("reason").asString());
        });
        assertThat(failuresOf(tenantId)).hasSize(1);
    }

    @Test
    void theStreamIsPrivateReplaysAfterLastEventIdAndEndsWithCompletedOnAnyInstance() {
        String subdomain = uniqueSubdomain("stream");
        var result = post(first, signup("Stream Ltd", subdomain, "stream@example.com"))
                .expectStatus()
                .isAccepted()
                .expectHeader()
                .valueMatches("Set-Cookie", ".*HttpOnly.*")
                .expectBody(JsonNode.class)
                .returnResult();
        JsonNode body = result.getResponseBody();
        UUID tenantId = UUID.fromString(body.get("tenantId").asString());
        String cookie = result.getResponseCookies().getFirst("benchline_signup").getValue();
        String eventsPath = "/api/signups/" + tenantId + "/events";

        second.client().get().uri(eventsPath).exchange().expectStatus().isUnauthorized();
        String strangersToken = first.bean(io.benchline.signup.access.StreamAccess.class)
                .issue(UUID.randomUUID(), Instant.now().plusSeconds(600));
        second.client()
                .get()
                .uri(eventsPath + "?token=" + strangersToken)
                .exchange()
                .expectStatus()
                .isNotFound();

        pipelineSucceeds(tenantId, subdomain);

        List<ServerSentEvent<JsonNode>> all = events(second, eventsPath, cookie, null);
        List<ServerSentEvent<JsonNode>> steps =
                all.stream().filter(e -> e.event() != null).toList();
        assertThat(steps.get(steps.size() - 1).event()).isEqualTo("completed");
        assertThat(steps.get(steps.size() - 1).data().get("dashboardUrl").asString())
                .contains(subdomain);
        assertThat(steps.get(steps.size() - 1).data().get("percent").asInt()).isEqualTo(100);
        assertThat(steps)
                .extracting(ServerSentEvent::id)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, steps.size())
                        .mapToObj(Integer::toString)
                        .toList());

        List<ServerSentEvent<JsonNode>> replay =
                events(first, body.get("eventsUrl").asString(), null, "3");
        assertThat(replay.stream().filter(e -> e.event() != null).map(ServerSentEvent::id))
                .containsExactlyElementsOf(IntStream.rangeClosed(4, steps.size())
                        .mapToObj(Integer::toString)
                        .toList());
    }

    @Test
    void theAccessLogNamesEachRequestWithoutItsStreamToken() {
        AcceptedSignup logged = AcceptedSignup.post(
                first.client(), signup("Logged Ltd", uniqueSubdomain("logged"), "logged@example.com"));
        UUID tenantId = logged.tenantId();
        String token = logged.token();
        try (CapturedLogs logs = CapturedLogs.start()) {
            assertThat(status(first, tenantId, token)).isNotNull();
            List<String> accessLog = await().atMost(Duration.ofSeconds(10))
                    .until(
                            () -> logs.lines().stream()
                                    .filter(line -> line.contains("reactor.netty.http.server.AccessLog"))
                                    .toList(),
                            lines -> lines.stream().anyMatch(line -> line.contains("/api/signups/" + tenantId)));
            assertThat(accessLog).noneMatch(line -> line.contains(token) || line.contains("token="));
        }
    }

    @Test
    void anIdleStreamGetsHeartbeatComments() {
        String subdomain = uniqueSubdomain("quiet");
        JsonNode body = post(first, signup("Quiet Ltd", subdomain, "quiet@example.com"))
                .expectStatus()
                .isAccepted()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        List<ServerSentEvent<String>> frames = WebClient.create(second.baseUrl())
                .get()
                .uri(body.get("eventsUrl").asString())
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .take(Duration.ofMillis(1500))
                .collectList()
                .block(Duration.ofSeconds(10));
        assertThat(frames).anyMatch(frame -> "heartbeat".equals(frame.comment()));
        assertThat(frames).filteredOn(frame -> frame.event() != null).hasSize(1);
    }

    @Test
    void aRestartedInstanceStillAnswersForSignupsAcceptedBeforeTheRestart() throws Exception {
        String subdomain = uniqueSubdomain("restart");
        var result = post(second, signup("Restart Ltd", subdomain, "restart@example.com"))
                .expectStatus()
                .isAccepted()
                .expectBody(JsonNode.class)
                .returnResult();
        UUID tenantId = UUID.fromString(result.getResponseBody().get("tenantId").asString());
        String token = first.bean(io.benchline.signup.access.StreamAccess.class)
                .issue(tenantId, Instant.now().plusSeconds(600));
        publish(progress(tenantId, ProvisioningStep.CHOOSE_HOST, StepPhase.STARTED));
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode status = status(second, tenantId, token);
            return status != null && status.get("steps").size() == 2;
        });

        java.util.concurrent.atomic.AtomicInteger framesReceived = new java.util.concurrent.atomic.AtomicInteger();
        // A stream open while the instance stops ends cleanly (the browser reconnects elsewhere), so the stop does
        // not wait out the graceful-shutdown phase for it.
        var open = WebClient.create(second.baseUrl())
                .get()
                .uri("/api/signups/" + tenantId + "/events?token=" + token)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .doOnNext(frame -> framesReceived.incrementAndGet())
                .materialize()
                .collectList()
                .toFuture();
        await().atMost(Duration.ofSeconds(10)).until(() -> framesReceived.get() > 0);
        second.close();
        assertThat(open.get(10, java.util.concurrent.TimeUnit.SECONDS))
                .last()
                .satisfies(signal -> assertThat(signal.isOnComplete())
                        .as("stream ended by " + signal)
                        .isTrue());
        second = SignupInstance.start(state.resolve("second"), Map.of());

        JsonNode status = status(second, tenantId, token);
        assertThat(status).isNotNull();
        assertThat(status.get("subdomain").asString()).isEqualTo(subdomain);
        assertThat(status.get("steps").size()).isEqualTo(2);
        post(second, signup("Restart Again", subdomain, "again@example.com"))
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void invalidSignupIsRejectedWithEveryBadFieldAndReachesNoTopic() {
        String organization = "Invalid " + UUID.randomUUID();
        first.client()
                .post()
                .uri("/api/signups")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "organization", organization,
                        "subdomain", "xn--abc",
                        "email", "not-an-email",
                        "firstName", "Ada",
                        "password", "password123"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[*].field")
                .value(fields -> assertThat((List<Object>) fields).contains("email", "password", "subdomain"));

        byte[] needle = organization.getBytes(StandardCharsets.UTF_8);
        assertThat(TopicDump.all(KafkaTestBroker.bootstrapServers())).noneMatch(r -> contains(r.value(), needle));
    }

    @Test
    void thePasswordAppearsInNoLogAndNoKafkaRecord() {
        String subdomain = uniqueSubdomain("secret");
        try (CapturedLogs logs = CapturedLogs.start()) {
            JsonNode body = post(first, signup("Secret Ltd", subdomain, "secret@example.com"))
                    .expectStatus()
                    .isAccepted()
                    .expectBody(JsonNode.class)
                    .returnResult()
                    .getResponseBody();
            UUID tenantId = UUID.fromString(body.get("tenantId").asString());
            pipelineSucceeds(tenantId, subdomain);
            List<ServerSentEvent<JsonNode>> frames =
                    events(second, body.get("eventsUrl").asString(), null, null);
            assertThat(frames).noneMatch(frame -> String.valueOf(frame.data()).contains(PASSWORD));
            SecretScan.assertNotInLogs(PASSWORD, logs.lines());
        }
        List<TopicDump.RawRecord> records = TopicDump.all(KafkaTestBroker.bootstrapServers());
        assertThat(records).anyMatch(r -> r.topic().equals(Topic.TENANT_REQUESTED.topicName()));
        SecretScan.assertNotInRecords(PASSWORD, records);
    }

    @Test
    void thePasswordIsSealedForTheTenantAndTheHostOfItsSite() {
        String subdomain = uniqueSubdomain("sealed");
        JsonNode body = post(first, signup("Sealed Ltd", subdomain, "sealed@example.com"))
                .expectStatus()
                .isAccepted()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        UUID tenantId = UUID.fromString(body.get("tenantId").asString());
        TenantRequested requested = await().atMost(Duration.ofSeconds(20))
                .until(() -> TopicDump.events(TenantRequested.class, tenantId), found -> !found.isEmpty())
                .get(0);
        SecretSealer passwords = new SecretSealer(
                SecretPurpose.CUSTOMER_PASSWORD, Keysets.aeadFromJson(SignupInstance.PASSWORD_KEYSET, "test"));
        String siteHost =
                java.net.URI.create(requested.getSignup().getSiteUrl()).getHost();
        var sealed = requested.getSignup().getPassword();

        assertThat(siteHost).isEqualTo(subdomain + ".localhost");
        assertThat(passwords
                        .open(new SealingContext(tenantId, siteHost), SealedField.PASSWORD, sealed)
                        .reveal())
                .isEqualTo(PASSWORD);
        for (SealingContext moved : List.of(
                new SealingContext(UUID.randomUUID(), siteHost),
                new SealingContext(tenantId, "other-" + subdomain + ".localhost"))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> passwords.open(moved, SealedField.PASSWORD, sealed))
                    .as("opened for %s", moved)
                    .isInstanceOf(SealingException.class);
        }
    }

    // --- helpers ---

    private void pipelineSucceeds(UUID tenantId, String subdomain) {
        publish(progress(tenantId, ProvisioningStep.CHOOSE_HOST, StepPhase.STARTED));
        publish(progress(tenantId, ProvisioningStep.CHOOSE_HOST, StepPhase.FINISHED));
        publish(progress(tenantId, ProvisioningStep.CREATE_SITE, StepPhase.STARTED));
        publish(progress(tenantId, ProvisioningStep.CREATE_SITE, StepPhase.FINISHED));
        publish(keysActive(tenantId, subdomain));
        publish(completed(tenantId, subdomain));
    }

    static Map<String, Object> signup(String organization, String subdomain, String email) {
        return Map.of(
                "organization", organization,
                "subdomain", subdomain,
                "email", email,
                "fullName", "Ada Lovelace",
                "password", PASSWORD,
                "plan", "pro");
    }

    /** The tenant id of the signup for {@code subdomain}, once its {@code TenantRequested} is on the topic. */
    static UUID awaitTenant(String subdomain) {
        AvroEventDeserializer avro = new AvroEventDeserializer();
        String topic = Topic.TENANT_REQUESTED.topicName();
        return await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> TopicDump.of(KafkaTestBroker.bootstrapServers(), topic).stream()
                                .map(r -> (TenantRequested) avro.deserialize(topic, r.value()))
                                .filter(r -> r.getSignup().getSubdomain().equals(subdomain))
                                .map(TenantRequested::getTenantId)
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    static String uniqueSubdomain(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec post(
            SignupInstance instance, Map<String, Object> body) {
        return instance.client()
                .post()
                .uri("/api/signups")
                .contentType(MediaType.APPLICATION_JSON)
                // Raw bytes: the client's JSON encoder would log the password at DEBUG, and the scan would find
                // the test's own client instead of the service.
                .bodyValue(JSON.writeValueAsBytes(body))
                .exchange();
    }

    private static JsonNode check(SignupInstance instance, String subdomain) {
        return instance.client()
                .get()
                .uri("/api/subdomains/" + subdomain)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    private static boolean available(SignupInstance instance, String subdomain) {
        return check(instance, subdomain).get("available").asBoolean();
    }

    private static JsonNode status(SignupInstance instance, UUID tenantId, String token) {
        var result = instance.client()
                .get()
                .uri("/api/signups/" + tenantId + "?token=" + token)
                .exchange()
                .expectBody(JsonNode.class)
                .returnResult();
        return result.getStatus().is2xxSuccessful() ? result.getResponseBody() : null;
    }

    private static List<ServerSentEvent<JsonNode>> events(
            SignupInstance instance, String uri, String cookie, String lastEventId) {
        return WebClient.create(instance.baseUrl())
                .get()
                .uri(uri)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .headers(headers -> {
                    if (lastEventId != null) {
                        headers.set("Last-Event-ID", lastEventId);
                    }
                })
                .cookies(cookies -> {
                    if (cookie != null) {
                        cookies.add("benchline_signup", cookie);
                    }
                })
                .retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<JsonNode>>() {})
                .collectList()
                .block(Duration.ofSeconds(30));
    }

    private static void publish(SpecificRecord event) {
        first.publish(event);
    }

    private static List<TenantRequested> tenantRequestsFor(String subdomain) {
        return records(Topic.TENANT_REQUESTED, TenantRequested.class).stream()
                .filter(r -> r.getSignup().getSubdomain().equals(subdomain))
                .toList();
    }

    private static List<ProvisioningFailed> failuresOf(UUID tenantId) {
        return records(Topic.PROVISIONING_FAILED, ProvisioningFailed.class).stream()
                .filter(f -> f.getTenantId().equals(tenantId))
                .toList();
    }

    private static <T> List<T> records(Topic topic, Class<T> type) {
        AvroEventDeserializer avro = new AvroEventDeserializer();
        return TopicDump.of(KafkaTestBroker.bootstrapServers(), topic.topicName()).stream()
                .map(r -> type.cast(avro.deserialize(topic.topicName(), r.value())))
                .toList();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        return haystack != null
                && new String(haystack, StandardCharsets.ISO_8859_1)
                        .contains(new String(needle, StandardCharsets.ISO_8859_1));
    }

    // Events of the other stages, built from the shared SampleEvents with this test's tenant, name and clock.

    static ProvisioningProgressed progress(UUID tenantId, ProvisioningStep step, StepPhase phase) {
        return ProvisioningProgressed.newBuilder(SampleEvents.provisioningProgressed(tenantId))
                .setOccurredAt(Instant.now())
                .setStep(step)
                .setPhase(phase)
                .build();
    }

    static ProvisioningFailed failed(UUID tenantId, FailureStage stage, FailureReason reason) {
        return ProvisioningFailed.newBuilder(SampleEvents.provisioningFailed(tenantId))
                .setOccurredAt(Instant.now())
                .setStage(stage)
                .setReason(reason)
                .setSubdomain(null)
                .build();
    }

    static Signup signupRecord(String subdomain, Instant deadlineAt) {
        return Signup.newBuilder(SampleEvents.signup(subdomain))
                .setRequestedAt(Instant.now())
                .setDeadlineAt(deadlineAt)
                .build();
    }

    static TenantRequested requested(UUID tenantId, String subdomain, Instant deadlineAt) {
        return TenantRequested.newBuilder(SampleEvents.tenantRequested(tenantId))
                .setOccurredAt(Instant.now())
                .setSignup(signupRecord(subdomain, deadlineAt))
                .build();
    }

    static KeysActive keysActive(UUID tenantId, String subdomain) {
        return KeysActive.newBuilder(SampleEvents.keysActive(tenantId))
                .setOccurredAt(Instant.now())
                .setSignup(signupRecord(subdomain, Instant.now().plusSeconds(600)))
                .setSite(Site.newBuilder(SampleEvents.site(subdomain))
                        .setProvisionedAt(Instant.now())
                        .build())
                .build();
    }

    static SignupCompleted completed(UUID tenantId, String subdomain) {
        Signup signup = SampleEvents.signup(subdomain);
        return SignupCompleted.newBuilder(SampleEvents.signupCompleted(tenantId))
                .setOccurredAt(Instant.now())
                .setSubdomain(subdomain)
                .setSiteUrl(signup.getSiteUrl())
                .setDashboardUrl(signup.getSiteUrl() + "/app")
                .build();
    }
}
