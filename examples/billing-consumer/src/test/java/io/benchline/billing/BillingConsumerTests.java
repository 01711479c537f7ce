package io.benchline.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.events.Backup;
import io.benchline.events.BackupFile;
import io.benchline.events.DeletionReason;
import io.benchline.events.Plan;
import io.benchline.events.SuspensionReason;
import io.benchline.events.TenantActivated;
import io.benchline.events.TenantDeleted;
import io.benchline.events.TenantPlanChanged;
import io.benchline.events.TenantResumed;
import io.benchline.events.TenantSuspended;
import io.benchline.schemas.AvroEventSerializer;
import io.benchline.schemas.CloudEventHeaders;
import io.benchline.schemas.EventMetadata;
import io.benchline.schemas.ReleasedSchemas;
import io.benchline.schemas.Topic;
import io.benchline.testing.Ci;
import io.benchline.testing.KafkaTestBroker;
import io.benchline.testing.Publish;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's "any language" promise, kept by a build test: the Node.js billing example (examples/billing-consumer)
 * runs as a real process against the test broker, decodes what the Java serializer wrote using only the published
 * .avsc files, and prints the billable state the lifecycle events describe.
 */
class BillingConsumerTests {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path RELEASED = MODULE.resolve(
                    "../../schemas/src/main/resources/io/benchline/schemas/released")
            .normalize();
    private static final String SOURCE = "/benchline/operator-service";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path app;

    @BeforeAll
    static void installTheProgram() throws Exception {
        // The machines ship Node.js 20; .ci/run installs Debian's nodejs and npm where it is missing (18 or later).
        Ci.assumeOrFailInCi(
                nodeMajorVersion() >= 18,
                "Node.js 18 or later (node, npm) is not installed: apt-get install nodejs npm");
        for (String file : List.of("package.json", "package-lock.json")) {
            Files.copy(MODULE.resolve(file), app.resolve(file));
        }
        for (String folder : List.of("src", "test")) {
            Files.createDirectories(app.resolve(folder));
            try (Stream<Path> files = Files.list(MODULE.resolve(folder))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".js")).toList()) {
                    Files.copy(file, app.resolve(folder).resolve(file.getFileName()));
                }
            }
        }
        // The locked versions exactly; from npm's cache when it has them.
        Run npm = run(Duration.ofSeconds(120), "npm", "ci", "--no-audit", "--no-fund", "--prefer-offline");
        assertThat(npm.exitCode()).as("npm ci: %s", npm.output()).isZero();
    }

    @Test
    void computesTheSameSchemaFingerprintsAsAvroJava() throws Exception {
        Run fingerprints = node(Duration.ofSeconds(30), "--fingerprints");
        assertThat(fingerprints.exitCode()).as(fingerprints.errors()).isZero();

        Map<String, String> expected = new HashMap<>();
        for (Class<? extends SpecificRecord> type : Topic.TENANT_LIFECYCLE.eventTypes()) {
            List<Schema> versions = ReleasedSchemas.of(type);
            for (int v = 0; v < versions.size(); v++) {
                expected.put(
                        type.getSimpleName() + " v" + (v + 1),
                        "%016x".formatted(SchemaNormalization.parsingFingerprint64(versions.get(v))));
            }
        }
        Map<String, String> computed = new HashMap<>();
        for (JsonNode line : fingerprints.lines()) {
            computed.put(
                    line.path("event").asString() + " v" + line.path("version").asInt(),
                    line.path("fingerprint").asString());
        }
        assertThat(expected).hasSize(5);
        assertThat(computed).isEqualTo(expected);
    }

    @Test
    void keepsEachTenantsBillableStateFromTheLifecycleEvents() throws Exception {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofDays(20));
        UUID acme = UUID.randomUUID();
        UUID globex = UUID.randomUUID();
        UUID canary = UUID.randomUUID();

        TenantActivated acmeActivated = activated(acme, "acme", Plan.PRO, t0, false);
        Publish.event(SOURCE, acmeActivated);
        Publish.event(SOURCE, activated(globex, "globex", Plan.FREE, t0.plusSeconds(60), false));
        Publish.event(SOURCE, activated(canary, "canary-0a1b2c3d", Plan.FREE, t0.plusSeconds(120), true));
        Publish.event(SOURCE, acmeActivated); // redelivered: billed once
        Publish.event(
                SOURCE,
                TenantPlanChanged.newBuilder()
                        .setEventId(UUID.randomUUID())
                        .setTenantId(acme)
                        .setOccurredAt(t0.plus(Duration.ofDays(1)))
                        .setFromPlan(Plan.PRO)
                        .setToPlan(Plan.ENTERPRISE)
                        .setOperator("ops@benchline.example")
                        .build());
        Publish.event(SOURCE, suspended(acme, SuspensionReason.NON_PAYMENT, t0.plus(Duration.ofDays(15))));
        Publish.event(SOURCE, suspended(canary, SuspensionReason.DEPROVISIONING, t0.plusSeconds(180)));
        Publish.event(SOURCE, deleted(canary, "canary-0a1b2c3d", t0.plusSeconds(240)));
        // A record whose ce_type names another event than its bytes: refused by the cross-check.
        publishWithCeType(
                resumed(acme, t0.plus(Duration.ofDays(15)).plusSeconds(1)), "io.benchline.tenant.TenantDeleted");
        Publish.event(SOURCE, resumed(acme, t0.plus(Duration.ofDays(16))));
        Publish.event(SOURCE, suspended(acme, SuspensionReason.DEPROVISIONING, t0.plus(Duration.ofDays(18))));
        Publish.event(SOURCE, deleted(acme, "acme", t0.plus(Duration.ofDays(19))));

        Run consumer =
                node(Duration.ofSeconds(60), "--brokers", KafkaTestBroker.bootstrapServers(), "--until-idle", "3000");
        assertThat(consumer.exitCode()).as(consumer.errors()).isZero();

        List<JsonNode> lines = consumer.lines();
        List<JsonNode> changes = lines.stream()
                .filter(l -> l.path("type").asString().equals("change"))
                .toList();
        JsonNode summary = lines.get(lines.size() - 1);
        assertThat(summary.path("type").asString()).isEqualTo("summary");

        assertThat(changesOf(changes, acme))
                .containsExactly(
                        "TenantActivated active pro",
                        "TenantPlanChanged active enterprise",
                        "TenantSuspended suspended enterprise",
                        "TenantResumed active enterprise",
                        "TenantSuspended suspended enterprise",
                        "TenantDeleted deleted enterprise");
        assertThat(changesOf(changes, globex)).containsExactly("TenantActivated active free");
        assertThat(changesOf(changes, canary))
                .as("a synthetic tenant is never billed")
                .isEmpty();
        assertThat(changes)
                .as("every change was written with release v1 and carries its event's time")
                .allSatisfy(c -> assertThat(c.path("writerVersion").asInt()).isEqualTo(1));

        JsonNode acmeState = tenant(summary, acme);
        assertThat(acmeState.path("status").asString()).isEqualTo("deleted");
        assertThat(acmeState.path("deletionReason").asString()).isEqualTo("deprovisioned");
        assertThat(acmeState.path("plan").asString()).isEqualTo("enterprise");
        assertThat(acmeState.path("activatedAt").asString()).isEqualTo(t0.toString());
        assertThat(acmeState.path("billableSince").asString()).isEqualTo(t0.toString());
        assertThat(acmeState.path("trialEndsAt").asString())
                .isEqualTo(t0.plus(Duration.ofDays(14)).toString());
        assertThat(acmeState.path("deletedAt").asString())
                .isEqualTo(t0.plus(Duration.ofDays(19)).toString());
        JsonNode globexState = tenant(summary, globex);
        assertThat(globexState.path("status").asString()).isEqualTo("active");
        assertThat(globexState.path("subdomain").asString()).isEqualTo("globex");
        assertThat(tenant(summary, canary))
                .as("no state for the canary's tenant")
                .isNull();
        assertThat(summary.path("syntheticIgnored").toString()).contains(canary.toString());
        assertThat(summary.path("skipped").asInt())
                .as("the record with a contradicting ce_type")
                .isEqualTo(1);
        assertThat(consumer.errors()).contains("ce_type says TenantDeleted but the writer schema is TenantResumed v1");
    }

    @Test
    void passesItsOwnUnitTests() throws Exception {
        Run unitTests = run(Duration.ofSeconds(60), "node", "--test", "test/decode.test.js");
        assertThat(unitTests.exitCode()).as(unitTests.output()).isZero();
    }

    private static List<String> changesOf(List<JsonNode> changes, UUID tenantId) {
        return changes.stream()
                .filter(c -> c.path("tenant").path("tenantId").asString().equals(tenantId.toString()))
                .map(c -> c.path("event").asString() + " "
                        + c.path("tenant").path("status").asString() + " "
                        + c.path("tenant").path("plan").asString())
                .toList();
    }

    private static JsonNode tenant(JsonNode summary, UUID tenantId) {
        for (JsonNode tenant : summary.path("tenants")) {
            if (tenant.path("tenantId").asString().equals(tenantId.toString())) {
                return tenant;
            }
        }
        return null;
    }

    private static TenantActivated activated(
            UUID tenantId, String subdomain, Plan plan, Instant at, boolean synthetic) {
        return TenantActivated.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenantId)
                .setOccurredAt(at)
                .setOrganization(subdomain + " Ltd")
                .setSubdomain(subdomain)
                .setSiteUrl("https://" + subdomain + ".erp.example.com")
                .setAdminEmail("admin@" + subdomain + ".example")
                .setPlan(plan)
                .setTrialEndsAt(at.plus(Duration.ofDays(14)))
                .setBenchHost("bench-1")
                .setSynthetic(synthetic)
                .build();
    }

    private static TenantSuspended suspended(UUID tenantId, SuspensionReason reason, Instant at) {
        return TenantSuspended.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenantId)
                .setOccurredAt(at)
                .setReason(reason)
                .setCommandId(UUID.randomUUID())
                .setOperator("ops@benchline.example")
                .build();
    }

    private static TenantResumed resumed(UUID tenantId, Instant at) {
        return TenantResumed.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenantId)
                .setOccurredAt(at)
                .setCommandId(UUID.randomUUID())
                .setOperator("ops@benchline.example")
                .build();
    }

    private static TenantDeleted deleted(UUID tenantId, String subdomain, Instant at) {
        String folder = "/home/frappe/frappe-bench/archived/backups/" + subdomain + ".erp.example.com/op";
        return TenantDeleted.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(tenantId)
                .setOccurredAt(at)
                .setReason(DeletionReason.DEPROVISIONED)
                .setSubdomain(subdomain)
                .setBackup(Backup.newBuilder()
                        .setBenchHost("bench-1")
                        .setLocation(folder)
                        .setFiles(List.of(BackupFile.newBuilder()
                                .setKind("database")
                                .setPath(folder + "/database.sql.gz")
                                .setSizeBytes(1234)
                                .setSha256("0".repeat(64))
                                .build()))
                        .setTotalBytes(1234)
                        .setTakenAt(at)
                        .build())
                .build();
    }

    /** The serializer's bytes and CloudEvents headers, with ce_type replaced. */
    private static void publishWithCeType(SpecificRecord event, String ceType) throws Exception {
        String topic = Topic.TENANT_LIFECYCLE.topicName();
        RecordHeaders headers = new RecordHeaders();
        byte[] value = new AvroEventSerializer(SOURCE).serialize(topic, headers, event);
        headers.remove(CloudEventHeaders.TYPE);
        headers.add(CloudEventHeaders.TYPE, ceType.getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            String key = EventMetadata.of(event).tenantId().toString();
            producer.send(new ProducerRecord<>(topic, null, key, value, headers))
                    .get();
        }
    }

    private static Run node(Duration timeout, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", "src/main.js"));
        command.addAll(List.of(args));
        return run(timeout, command.toArray(String[]::new));
    }

    private static int nodeMajorVersion() {
        try {
            Process process = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            boolean npm = new ProcessBuilder("npm", "--version").start().waitFor() == 0;
            return process.waitFor() == 0 && npm && version.matches("v\\d+\\..*")
                    ? Integer.parseInt(version.substring(1, version.indexOf('.')))
                    : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Runs a command in the installed program's folder; stdout and stderr go to files, read afterwards. */
    private static Run run(Duration timeout, String... command) throws Exception {
        Path stdout = Files.createTempFile(app, "stdout", ".txt");
        Path stderr = Files.createTempFile(app, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(app.toFile());
        builder.environment().put("BENCHLINE_RELEASED_SCHEMAS", RELEASED.toString());
        Process process = builder.redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not end within " + timeout + "; stderr: "
                    + Files.readString(stderr));
        }
        return new Run(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }

    private record Run(int exitCode, String output, String errors) {
        List<JsonNode> lines() {
            return output.lines().filter(l -> !l.isBlank()).map(JSON::readTree).toList();
        }
    }
}
