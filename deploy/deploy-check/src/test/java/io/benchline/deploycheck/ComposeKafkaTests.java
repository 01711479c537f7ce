package io.benchline.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The compose broker is secured like production: no PLAINTEXT listener, StandardAuthorizer with deny by default, the
 * same ACLs as deploy/k8s's KafkaUsers (kafka/acls.txt) and the same topics as its KafkaTopics (kafka/topics.txt),
 * and every service connects with SASL_SSL, its own SCRAM login and the CA truststore.
 */
class ComposeKafkaTests {

    private static final Path DIR = Repository.path("deploy/compose");
    private static final Map<String, Object> FILE = YamlFiles.single(DIR.resolve("compose.yaml"));

    @Test
    void theBrokerHasNoPlaintextListenerAndDeniesWhatNoAclAllows() {
        Map<String, Object> env = map(YamlFiles.at(service("kafka"), "environment"));
        assertThat(String.valueOf(env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")))
                .doesNotContain("PLAINTEXT");
        assertThat(String.valueOf(env.get("KAFKA_LISTENERS"))).startsWith("SASL_SSL://:9092,");
        assertThat(env.get("KAFKA_AUTHORIZER_CLASS_NAME"))
                .isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        assertThat(env.get("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND")).isEqualTo("false");
        assertThat(env.get("KAFKA_SSL_CLIENT_AUTH")).isEqualTo("required");
        assertThat(String.valueOf(env.get("KAFKA_SUPER_USERS")).split(";"))
                .containsExactlyInAnyOrder("User:CN=kafka", "User:CN=benchline-admin");
    }

    @Test
    void theAclsAreTheKafkaUsersOfDeployK8s() {
        Set<String> k8s = new TreeSet<>();
        for (Object user : KafkaAcls.kafkaUsers()) {
            @SuppressWarnings("unchecked")
            String service = (String)
                    ((Map<String, Object>) YamlFiles.at(user, "metadata.labels")).get("app.kubernetes.io/name");
            for (Object acl : (List<?>) YamlFiles.at(user, "spec.authorization.acls")) {
                k8s.add(String.join(
                        " ",
                        service,
                        YamlFiles.text(acl, "resource.type"),
                        YamlFiles.text(acl, "resource.patternType"),
                        YamlFiles.text(acl, "resource.name"),
                        new TreeSet<>((List<?>) YamlFiles.at(acl, "operations")).toString()));
            }
        }
        Set<String> compose = new TreeSet<>();
        for (String[] line : lines("kafka/acls.txt")) {
            assertThat(line).as(String.join(" ", line)).hasSize(5);
            compose.add(String.join(
                    " ", line[0], line[1], line[2], line[3], new TreeSet<>(List.of(line[4].split(","))).toString()));
        }
        assertThat(compose).isEqualTo(k8s);
    }

    @Test
    void theTopicsAreTheKafkaTopicsOfDeployK8sWithOneReplica() {
        Set<String> k8s = new TreeSet<>();
        for (Path file : Repository.files("deploy/k8s", ".yaml", ".yml")) {
            for (Object topic : YamlFiles.documents(file)) {
                if (!"KafkaTopic".equals(YamlFiles.text(topic, "kind"))) {
                    continue;
                }
                Set<String> config = new TreeSet<>();
                map(YamlFiles.at(topic, "spec.config")).forEach((key, value) -> {
                    if (!key.equals("min.insync.replicas")) {
                        config.add(key + "=" + value);
                    }
                });
                k8s.add(YamlFiles.text(topic, "spec.topicName") + " " + YamlFiles.text(topic, "spec.partitions") + " "
                        + config);
            }
        }
        Set<String> compose = new TreeSet<>();
        for (String[] line : lines("kafka/topics.txt")) {
            Set<String> config = new TreeSet<>(List.of(line).subList(2, line.length));
            compose.add(line[0] + " " + line[1] + " " + config);
        }
        assertThat(k8s).isNotEmpty();
        assertThat(compose).isEqualTo(k8s);
    }

    @Test
    void everyServiceConnectsWithSaslSslItsOwnLoginAndTheTruststore() {
        for (String name : ServiceClasses.SERVICES) {
            Set<String> targets = new TreeSet<>();
            for (Object secret : (List<?>) YamlFiles.at(service(name), "secrets")) {
                if (secret instanceof Map<?, ?> m
                        && String.valueOf(m.get("source")).startsWith("kafka-")) {
                    targets.add(m.get("source") + " -> " + m.get("target"));
                }
            }
            assertThat(targets)
                    .as(name)
                    .containsExactlyInAnyOrder(
                            "kafka-truststore -> kafka-truststore.p12",
                            "kafka-jaas-" + name + " -> /run/secrets/kafka/spring.kafka.properties.sasl.jaas.config",
                            "kafka-truststore-password -> /run/secrets/kafka/spring.kafka.ssl.trust-store-password");
            Map<String, Object> config = YamlFiles.single(DIR.resolve("config/" + name + ".yml"));
            assertThat(YamlFiles.text(config, "spring.config.import"))
                    .as(name)
                    .isEqualTo("configtree:/run/secrets/kafka/");
            assertThat(YamlFiles.text(config, "spring.kafka.security.protocol"))
                    .as(name)
                    .isEqualTo("SASL_SSL");
            assertThat(YamlFiles.text(config, "spring.kafka.ssl.trust-store-location"))
                    .as(name)
                    .isEqualTo("file:/run/secrets/kafka-truststore.p12");
            assertThat(map(YamlFiles.at(config, "spring.kafka.properties")))
                    .as(name)
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
            assertThat(YamlFiles.at(config, "spring.kafka.admin.auto-create"))
                    .as(name)
                    .isEqualTo(false);
        }
    }

    @Test
    void initMakesAUserForEveryServiceAndMakeCertsALoginForEach() {
        String init = Repository.read(DIR.resolve("kafka/init.sh"));
        String certs = Repository.read(DIR.resolve("make-certs.sh"));
        String services = "SERVICES=(" + String.join(" ", ServiceClasses.SERVICES) + ")";
        assertThat(init).contains(services);
        assertThat(certs).contains(services);
        List<Object> initSecrets = new ArrayList<>((List<?>) YamlFiles.at(service("kafka-init"), "secrets"));
        for (String name : ServiceClasses.SERVICES) {
            assertThat(initSecrets).contains("kafka-jaas-" + name);
        }
    }

    private static List<String[]> lines(String relative) {
        List<String[]> lines = new ArrayList<>();
        for (String line : Repository.read(DIR.resolve(relative)).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                lines.add(line.trim().split("\\s+"));
            }
        }
        assertThat(lines).as(relative).isNotEmpty();
        return lines;
    }

    @SuppressWarnings("unchecked")
    private static Object service(String name) {
        return ((Map<String, Object>) FILE.get("services")).get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }
}
