package io.benchline.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Actuator stays off the internet: every service exposes only health, info and prometheus, and nothing in deploy/
 * widens that; signup-service, the one with a public API, serves actuator only on its management port, which its
 * public Kubernetes Service does not expose and which probes and Prometheus use instead.
 */
class ActuatorExposureTests {

    @Test
    void everyServiceExposesOnlyHealthInfoAndPrometheus() {
        for (String service : ServiceClasses.SERVICES) {
            Path yml = Repository.path(service + "/src/main/resources/application.yml");
            Object exposure = YamlFiles.at(YamlFiles.single(yml), "management.endpoints.web.exposure");
            assertThat(YamlFiles.text(exposure, "include")).as(service).isEqualTo("health,info,prometheus");
            assertThat(YamlFiles.at(exposure, "exclude")).as(service).isNull();
        }
        for (Path file : Repository.files("deploy", ".yml", ".yaml")) {
            assertThat(Repository.read(file)).as(Repository.relative(file)).doesNotContain("exposure");
        }
    }

    @Test
    void signupServesActuatorOnlyOnItsManagementPortWhichThePublicServiceDoesNotExpose() {
        Object signupConfig = YamlFiles.single(Repository.path("signup-service/src/main/resources/application.yml"));
        assertThat(YamlFiles.at(signupConfig, "management.server.port")).isEqualTo(9080);

        List<Object> documents = YamlFiles.documents(Repository.path("deploy/k8s/base/signup-service.yaml"));
        Object publicService = documents.stream()
                .filter(d -> "Service".equals(YamlFiles.text(d, "kind"))
                        && "signup-service".equals(YamlFiles.text(d, "metadata.name")))
                .findFirst()
                .orElseThrow();
        assertThat((List<?>) YamlFiles.at(publicService, "spec.ports"))
                .singleElement()
                .satisfies(
                        port -> assertThat(YamlFiles.text(port, "targetPort")).isEqualTo("http"));

        for (Path file : Repository.files("deploy/k8s/base", "-service.yaml")) {
            for (Object deployment : YamlFiles.documents(file)) {
                if (!"Deployment".equals(YamlFiles.text(deployment, "kind"))) {
                    continue;
                }
                Object container = ((List<?>) YamlFiles.at(deployment, "spec.template.spec.containers")).get(0);
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    assertThat(YamlFiles.text(container, probe + ".httpGet.port"))
                            .as("%s %s", Repository.relative(file), probe)
                            .isEqualTo("management");
                }
                assertThat((List<?>) YamlFiles.at(container, "ports"))
                        .as(Repository.relative(file))
                        .anySatisfy(
                                port -> assertThat(YamlFiles.text(port, "name")).isEqualTo("management"));
            }
        }

        assertThat(Repository.read(Repository.path("deploy/prometheus/prometheus-kubernetes.yml")))
                .contains("regex: management");
        Map<String, Object> compose = YamlFiles.single(Repository.path("deploy/prometheus/prometheus.yml"));
        assertThat(compose.toString()).contains("signup-service:9080").doesNotContain("signup-service:8080");
    }
}
