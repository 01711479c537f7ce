package io.benchline.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.testing.Ci;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
                dockerComposeAvailable(), "docker compose not installed: podman-compose's check below is the gate");
        Process process = new ProcessBuilder("docker", "compose", "-f", COMPOSE.toString(), "config", "--quiet")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    /**
     * podman-compose (Debian's 1.0.3 has no {@code config} command; {@code --dry-run up} parses and merges the files
     * and prints every {@code podman run} it would do) accepts compose.yaml with the test override, and the merged
     * runs keep compose.yaml's services, configuration mounts and secrets while the override swaps only the images
     * nobody can pull here. {@code deploy/docker/test.sh} then runs {@code up} for real.
     */
    @Test
    void podmanComposeMergesTheTestOverrideKeepingEveryServiceMountAndSecret(@TempDir Path secrets)
            throws IOException, InterruptedException {
        Ci.assumeInstalledEvenInCi(
                Ci.onPath("podman-compose"),
                "podman-compose not installed (.ci/run installs it): the checks above are the gate");
        String project = "benchline-check-" + ProcessHandle.current().pid();
        String output;
        try {
            ProcessBuilder dryRun = new ProcessBuilder(
                            "podman-compose",
                            "--dry-run",
                            "-p",
                            project,
                            "-f",
                            "compose.yaml",
                            "-f",
                            "compose.test.yaml",
                            "up",
                            "-d")
                    .directory(DIR.toFile())
                    .redirectErrorStream(true);
            dryRun.environment().put("BENCHLINE_COMPOSE_SECRETS", secrets.toString());
            Process process = dryRun.start();
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
        } finally {
            removeWhatTheDryRunMade(project);
        }
        Map<String, String> runs = new HashMap<>();
        output.lines()
                .filter(line -> line.startsWith("podman run --name=" + project + "_"))
                .forEach(line -> runs.put(
                        line.substring(("podman run --name=" + project + "_").length(), line.indexOf("_1 ")), line));
        assertThat(runs).containsOnlyKeys(services().keySet());
        services().forEach((name, service) -> {
            String run = runs.get(name);
            for (Object s : list(service.get("secrets"))) {
                String source = s instanceof Map<?, ?> m ? String.valueOf(m.get("source")) : s.toString();
                String target =
                        s instanceof Map<?, ?> m && m.get("target") != null ? String.valueOf(m.get("target")) : source;
                String file = Path.of(String.valueOf(
                                YamlFiles.text(map(FILE.get("secrets")).get(source), "file")))
                        .getFileName()
                        .toString();
                String mount = secrets.resolve(file) + ":"
                        + (target.startsWith("/") ? target : "/run/secrets/" + target) + ":ro";
                assertThat(run).as("%s gets secret %s", name, source).contains(mount);
            }
            if (ServiceClasses.SERVICES.contains(name)) {
                assertThat(run)
                        .as("%s's configuration", name)
                        .contains(DIR.resolve("config/" + name + ".yml") + ":/etc/benchline/application.yml:ro")
                        .contains("SPRING_KAFKA_BOOTSTRAP_SERVERS=kafka:9092")
                        .contains("SPRING_KAFKA_SECURITY_PROTOCOL=PLAINTEXT")
                        .endsWith(" " + testImage(name, service));
            }
        });
        assertThat(runs.get("kafka")).endsWith(" localhost/benchline-test/dev-broker:0.1.0-SNAPSHOT");
        assertThat(runs.get("prometheus"))
                .contains("/deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
        assertThat(runs.get("grafana")).contains("/deploy/grafana/provisioning:/etc/grafana/provisioning:ro");
    }

    /**
     * The image a service runs with the test override: compose.yaml's, unless compose.test.yaml swaps it for a
     * stand-in (operator-service, whose image deploy/docker/test.sh does not build).
     */
    private static String testImage(String name, Object service) {
        Object override = map(YamlFiles.single(DIR.resolve("compose.test.yaml")).get("services"))
                .get(name);
        String image = override == null ? null : YamlFiles.text(override, "image");
        return image != null ? image : YamlFiles.text(service, "image");
    }

    /** podman-compose 1.0.3's dry run still creates the project's volumes and network. */
    private static void removeWhatTheDryRunMade(String project) throws IOException, InterruptedException {
        String label = "label=io.podman.compose.project=" + project;
        for (List<String> list : List.of(
                List.of("podman", "volume", "ls", "-q", "--filter", label),
                List.of("podman", "network", "ls", "-q", "--filter", label))) {
            Process ls = new ProcessBuilder(list).start();
            List<String> names = new String(ls.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(n -> !n.isBlank())
                    .toList();
            ls.waitFor(30, TimeUnit.SECONDS);
            for (String name : names) {
                new ProcessBuilder("podman", list.get(1), "rm", "-f", name)
                        .redirectErrorStream(true)
                        .start()
                        .waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static boolean dockerComposeAvailable() throws IOException, InterruptedException {
        if (!Ci.onPath("docker")) {
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
