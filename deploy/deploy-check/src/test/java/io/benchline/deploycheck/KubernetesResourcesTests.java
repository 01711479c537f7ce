package io.benchline.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.testing.Ci;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The Kustomize trees: resources well-formed and wired, Deployments safe to run, secrets only referenced. */
class KubernetesResourcesTests {

    private static final List<String> KUSTOMIZATIONS = List.of("deploy/k8s/base", "deploy/k8s/overlays/example");

    @Test
    void everyResourceHasApiVersionKindAndName() {
        List<String> problems = new ArrayList<>();
        for (Path file : resourceFiles()) {
            for (Object document : YamlFiles.documents(file)) {
                for (String field : List.of("apiVersion", "kind", "metadata.name")) {
                    String value = YamlFiles.text(document, field);
                    if (value == null || value.isBlank()) {
                        problems.add(Repository.relative(file) + ": a resource without " + field);
                    }
                }
            }
        }
        assertThat(resourceFiles()).isNotEmpty();
        assertThat(problems).isEmpty();
    }

    @Test
    void everyFileTheKustomizationsNameExistsAndNoYamlIsOrphaned() {
        Set<Path> used = new HashSet<>();
        for (String folder : KUSTOMIZATIONS) {
            Path dir = Repository.path(folder);
            Path kustomization = dir.resolve("kustomization.yaml");
            used.add(kustomization);
            for (String referenced : referencedFiles(kustomization)) {
                Path target = dir.resolve(referenced).normalize();
                assertThat(target)
                        .as("%s names %s", Repository.relative(kustomization), referenced)
                        .exists();
                used.add(target);
            }
        }
        List<String> orphans = Repository.files("deploy/k8s", ".yaml", ".yml").stream()
                .filter(f -> !used.contains(f))
                .map(Repository::relative)
                .toList();
        assertThat(orphans).as("YAML under deploy/k8s no kustomization uses").isEmpty();
    }

    @Test
    void noSecretValuesLiveInTheRepository() {
        for (Path file : Repository.files("deploy/k8s", ".yaml", ".yml")) {
            for (Object document : YamlFiles.documents(file)) {
                assertThat(YamlFiles.text(document, "kind"))
                        .as(Repository.relative(file))
                        .isNotEqualTo("Secret");
            }
            assertThat(Repository.read(file)).as(Repository.relative(file)).doesNotContain("secretGenerator");
        }
    }

    @Test
    void deploymentsRunAsNonRootWithActuatorProbesAndADisruptionBudget() {
        List<Object> documents = baseDocuments();
        List<Object> deployments = ofKind(documents, "Deployment");
        assertThat(deployments).hasSize(ServiceClasses.SERVICES.size());
        Set<String> budgets = new HashSet<>();
        ofKind(documents, "PodDisruptionBudget")
                .forEach(p -> budgets.add(YamlFiles.text(p, "spec.selector.matchLabels")));
        for (Object deployment : deployments) {
            String name = YamlFiles.text(deployment, "metadata.name");
            Object pod = YamlFiles.at(deployment, "spec.template.spec");
            assertThat(YamlFiles.at(pod, "securityContext.runAsNonRoot"))
                    .as(name)
                    .isEqualTo(true);
            Object container = ((List<?>) YamlFiles.at(pod, "containers")).get(0);
            assertThat(YamlFiles.text(container, "livenessProbe.httpGet.path"))
                    .as(name)
                    .isEqualTo("/actuator/health/liveness");
            assertThat(YamlFiles.text(container, "readinessProbe.httpGet.path"))
                    .as(name)
                    .isEqualTo("/actuator/health/readiness");
            assertThat(YamlFiles.at(container, "securityContext.readOnlyRootFilesystem"))
                    .as(name)
                    .isEqualTo(true);
            assertThat(budgets)
                    .as("a PodDisruptionBudget for %s", name)
                    .contains(YamlFiles.text(deployment, "spec.selector.matchLabels"));
        }
    }

    @Test
    void aProvisionerStopWaitsLongerThanTheLongestBenchNewSite() {
        Object provisioner = ofKind(baseDocuments(), "Deployment").stream()
                .filter(d -> "provisioner-service".equals(YamlFiles.text(d, "metadata.name")))
                .findFirst()
                .orElseThrow();
        long grace =
                ((Number) YamlFiles.at(provisioner, "spec.template.spec.terminationGracePeriodSeconds")).longValue();
        assertThat(grace).isGreaterThan(newSiteTimeout().toSeconds());
    }

    @Test
    void kubectlKustomizeRendersEveryTree() throws IOException, InterruptedException {
        Ci.assumeInstalledEvenInCi(Ci.onPath("kubectl"), "kubectl not installed: the YAML checks above are the gate");
        for (String folder : KUSTOMIZATIONS) {
            Process process = new ProcessBuilder(
                            "kubectl", "kustomize", Repository.path(folder).toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            List<Object> rendered = new ArrayList<>();
            new Yaml().loadAll(output).forEach(rendered::add);
            assertThat(ofKind(rendered, "Deployment")).as(folder).hasSize(ServiceClasses.SERVICES.size());
            assertThat(ofKind(rendered, "ConfigMap")).as(folder).hasSize(ServiceClasses.SERVICES.size());
        }
    }

    /** The provisioner's default new-site timeout, from its configuration metadata (e.g. {@code 20m}). */
    private static Duration newSiteTimeout() {
        String value = ConfigurationMetadata.of("provisioner-service")
                .defaultValue("benchline.provisioner.new-site-timeout")
                .orElseThrow(() -> new AssertionError("benchline.provisioner.new-site-timeout has no default"));
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(value);
        assertThat(m.matches()).as("a simple duration: %s", value).isTrue();
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private static List<Path> resourceFiles() {
        List<Path> files = new ArrayList<>();
        for (String folder : KUSTOMIZATIONS) {
            Path dir = Repository.path(folder);
            for (Object entry :
                    list(YamlFiles.single(dir.resolve("kustomization.yaml")).get("resources"))) {
                Path target = dir.resolve(entry.toString()).normalize();
                if (Files.isRegularFile(target)) {
                    files.add(target);
                }
            }
        }
        return files;
    }

    private static List<Object> baseDocuments() {
        List<Object> documents = new ArrayList<>();
        for (Path file : resourceFiles()) {
            if (file.startsWith(Repository.path("deploy/k8s/base"))) {
                documents.addAll(YamlFiles.documents(file));
            }
        }
        return documents;
    }

    /** resources, configMapGenerator files (key=path or path) and patch paths of one kustomization. */
    @SuppressWarnings("unchecked")
    private static List<String> referencedFiles(Path kustomization) {
        Map<String, Object> k = YamlFiles.single(kustomization);
        List<String> files = new ArrayList<>();
        list(k.get("resources")).forEach(r -> files.add(r.toString()));
        for (Object generator : list(k.get("configMapGenerator"))) {
            for (Object file : list(((Map<String, Object>) generator).get("files"))) {
                String entry = file.toString();
                files.add(entry.contains("=") ? entry.substring(entry.indexOf('=') + 1) : entry);
            }
        }
        for (Object patch : list(k.get("patches"))) {
            Object path = ((Map<String, Object>) patch).get("path");
            if (path != null) {
                files.add(path.toString());
            }
        }
        return files;
    }

    private static List<Object> ofKind(List<Object> documents, String kind) {
        return documents.stream()
                .filter(d -> kind.equals(YamlFiles.text(d, "kind")))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }
}
