package io.benchline.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.testing.Ci;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The compose stack mounts only files that are in the repository, or secrets the compose README tells the operator
 * to create (they are git-ignored); named volumes and secrets it uses are declared.
 */
class ComposeTests {

    private static final Path DIR = Repository.path("deploy/compose");
    private static final Path COMPOSE = DIR.resolve("compose.yaml");
    private static final Path SECRETS = DIR.resolve("secrets");
    private static final Map<String, Object> FILE = YamlFiles.single(COMPOSE);

    @Test
    void bindMountsAndBuildsReferenceFilesInTheRepository() {
        List<String> problems = new ArrayList<>();
        services().forEach((name, service) -> {
            for (Object volume : list(service.get("volumes"))) {
                String source = volume instanceof Map<?, ?> m ? String.valueOf(m.get("source")) : volume.toString();
                source = source.split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    Path file = DIR.resolve(source).normalize();
                    if (!file.startsWith(Repository.ROOT) || !file.toFile().exists()) {
                        problems.add(name + " mounts " + source + ", which is not in the repository");
                    }
                } else if (!map(FILE.get("volumes")).containsKey(source)) {
                    problems.add(name + " uses volume " + source + ", not declared under volumes:");
                }
            }
            Object build = service.get("build");
            if (build != null) {
                Path context = DIR.resolve(String.valueOf(YamlFiles.text(build, "context")))
                        .normalize();
                Path dockerfile = context.resolve(String.valueOf(YamlFiles.text(build, "dockerfile")));
                if (!dockerfile.toFile().isFile()) {
                    problems.add(name + " builds from " + dockerfile + ", which does not exist");
                }
            }
        });
        assertThat(services()).containsKeys(ServiceClasses.SERVICES.toArray(String[]::new));
        assertThat(problems).isEmpty();
    }

    @Test
    void secretsAreFilesTheOperatorCreatesAsDocumented() {
        String readme = Repository.read(DIR.resolve("README.md"));
        map(FILE.get("secrets")).forEach((name, secret) -> {
            Path file =
                    DIR.resolve(String.valueOf(YamlFiles.text(secret, "file"))).normalize();
            assertThat(file.getParent())
                    .as("secret %s lives in deploy/compose/secrets", name)
                    .isEqualTo(SECRETS);
            assertThat(readme)
                    .as("README tells how to create %s", file.getFileName())
                    .contains(file.getFileName().toString());
        });
        assertThat(Repository.read(SECRETS.resolve(".gitignore"))).contains("*");
        services()
                .forEach((name, service) -> list(service.get("secrets")).forEach(s -> {
                    String source = s instanceof Map<?, ?> m ? String.valueOf(m.get("source")) : s.toString();
                    assertThat(map(FILE.get("secrets")))
                            .as("%s uses secret %s", name, source)
                            .containsKey(source);
                }));
    }

    @Test
    void kafkaIsASingleKraftNodeWithSingleReplicaInternalTopics() {
        Object kafka = services().get("kafka");
        assertThat(YamlFiles.text(kafka, "image")).isEqualTo("apache/kafka:4.1.2");
        Map<String, Object> env = map(YamlFiles.at(kafka, "environment"));
        assertThat(env.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        for (String key : List.of(
                "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
                "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
                "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")) {
            assertThat(env.get(key)).as(key).isEqualTo(1);
        }
    }

    @Test
    void dockerComposeAcceptsTheFile() throws IOException, InterruptedException {
        Ci.assumeInstalledEvenInCi(
                dockerComposeAvailable(), "docker compose not installed: the checks above are the gate");
        Process process = new ProcessBuilder("docker", "compose", "-f", COMPOSE.toString(), "config", "--quiet")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static boolean dockerComposeAvailable() throws IOException, InterruptedException {
        if (!KubernetesResourcesTests.onPath("docker")) {
            return false;
        }
        Process probe = new ProcessBuilder("docker", "compose", "version")
                .redirectErrorStream(true)
                .start();
        probe.getInputStream().readAllBytes();
        return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() {
        return (Map<String, Map<String, Object>>) FILE.get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }
}
