package io.benchline.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each Deployment logs in to Kafka as its own KafkaUser over TLS with the cluster CA, and the NetworkPolicies deny by
 * default.
 */
class KubernetesKafkaSecurityTests {

    @Test
    void everyServiceUsesTheSecretOfItsOwnKafkaUserAndTheClusterCa() {
        Map<String, String> userOfService = new HashMap<>();
        for (Object user : KafkaAcls.kafkaUsers()) {
            Map<?, ?> labels = (Map<?, ?>) YamlFiles.at(user, "metadata.labels");
            userOfService.put((String) labels.get("app.kubernetes.io/name"), YamlFiles.text(user, "metadata.name"));
        }
        List<Object> deployments = ofKind("Deployment");
        assertThat(deployments).hasSize(ServiceClasses.SERVICES.size());
        for (Object deployment : deployments) {
            String service = YamlFiles.text(deployment, "metadata.name");
            Object container = ((List<?>) YamlFiles.at(deployment, "spec.template.spec.containers")).get(0);
            Map<String, Object> secretOfEnv = new HashMap<>();
            for (Object env : (List<?>) YamlFiles.at(container, "env")) {
                secretOfEnv.put(
                        YamlFiles.text(env, "name"),
                        YamlFiles.text(env, "valueFrom.secretKeyRef.name") + "/"
                                + YamlFiles.text(env, "valueFrom.secretKeyRef.key"));
            }
            assertThat(secretOfEnv)
                    .as(service)
                    .containsEntry(
                            "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG",
                            userOfService.get(service) + "/sasl.jaas.config")
                    .containsEntry("SPRING_KAFKA_SSL_TRUST_STORE_PASSWORD", "benchline-cluster-ca-cert/ca.password");
            assertThat((List<?>) YamlFiles.at(deployment, "spec.template.spec.volumes"))
                    .as(service)
                    .anyMatch(v -> "benchline-cluster-ca-cert".equals(YamlFiles.text(v, "secret.secretName")));
        }
    }

    @Test
    void everyConfigMapConnectsWithSaslSslScramAndTheClusterCa() {
        for (String folder : List.of("deploy/k8s/base/config", "deploy/k8s/overlays/example")) {
            for (Path file : Repository.files(folder, ".yml")) {
                Map<String, Object> config = YamlFiles.single(file);
                String name = Repository.relative(file);
                assertThat(YamlFiles.text(config, "spring.kafka.bootstrap-servers"))
                        .as(name)
                        .isEqualTo("benchline-kafka-bootstrap:9093");
                assertThat(YamlFiles.text(config, "spring.kafka.security.protocol"))
                        .as(name)
                        .isEqualTo("SASL_SSL");
                assertThat(YamlFiles.text(config, "spring.kafka.ssl.trust-store-location"))
                        .as(name)
                        .isEqualTo("file:/run/secrets/benchline-kafka/ca.p12");
                assertThat(map(YamlFiles.at(config, "spring.kafka.properties")))
                        .as(name)
                        .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
            }
        }
    }

    @Test
    void networkPoliciesDenyByDefaultAndOpenOnlyKafkaDnsScrapesAndEachServiceSNeeds() {
        List<Object> policies = ofKind("NetworkPolicy");
        Object deny = policies.stream()
                .filter(p -> "benchline-default-deny".equals(YamlFiles.text(p, "metadata.name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no benchline-default-deny NetworkPolicy"));
        assertThat(map(YamlFiles.at(deny, "spec.podSelector.matchLabels")))
                .containsEntry("app.kubernetes.io/part-of", "benchline");
        assertThat(String.valueOf(YamlFiles.at(deny, "spec.policyTypes"))).isEqualTo("[Ingress, Egress]");
        assertThat(YamlFiles.at(deny, "spec.ingress")).isNull();
        assertThat(YamlFiles.at(deny, "spec.egress")).isNull();

        List<String> egressPorts = new ArrayList<>();
        for (Object policy : policies) {
            String name = YamlFiles.text(policy, "metadata.name");
            for (Object rule : list(YamlFiles.at(policy, "spec.egress"))) {
                for (Object port : list(YamlFiles.at(rule, "ports"))) {
                    egressPorts.add(name + ":" + YamlFiles.text(port, "port"));
                }
            }
        }
        assertThat(egressPorts)
                .containsExactlyInAnyOrder(
                        "benchline-kafka-dns-and-scrapes:53",
                        "benchline-kafka-dns-and-scrapes:53",
                        "benchline-kafka-dns-and-scrapes:9093",
                        "provisioner-service:22",
                        "provisioner-service:443",
                        "verifier-service:443",
                        "user-service:443",
                        "operator-service:443");
    }

    private static List<Object> ofKind(String kind) {
        List<Object> found = new ArrayList<>();
        for (Path file : Repository.files("deploy/k8s/base", ".yaml")) {
            YamlFiles.documents(file).stream()
                    .filter(d -> kind.equals(YamlFiles.text(d, "kind")))
                    .forEach(found::add);
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    private static List<?> list(Object value) {
        return value == null ? List.of() : (List<?>) value;
    }
}
