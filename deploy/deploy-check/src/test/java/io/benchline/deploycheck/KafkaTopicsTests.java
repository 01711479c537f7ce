package io.benchline.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.schemas.Topic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The Strimzi KafkaTopics are exactly the topics the code uses, with the catalogue's partitions. */
class KafkaTopicsTests {

    private static final List<Object> TOPICS = kafkaTopics();

    @Test
    void declaresTheCatalogueItsDeadLetterTopicsAndEveryInternalTopic() {
        Set<String> expected = new TreeSet<>();
        for (Topic topic : Topic.values()) {
            expected.add(topic.topicName());
            expected.add(topic.deadLetterTopicName());
        }
        internalTopics().forEach(t -> expected.add(t.name()));

        Set<String> declared = new TreeSet<>();
        TOPICS.forEach(t -> declared.add(YamlFiles.text(t, "spec.topicName")));

        assertThat(TOPICS).hasSize(declared.size()); // no topic declared twice
        assertThat(declared).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void everyTopicHasTheCatalogueSPartitionsThreeReplicasAndTwoInSync() {
        for (Object topic : TOPICS) {
            String name = YamlFiles.text(topic, "metadata.name");
            assertThat(YamlFiles.text(topic, "apiVersion")).as(name).isEqualTo("kafka.strimzi.io/v1");
            assertThat(YamlFiles.text(topic, "spec.topicName")).as(name).isEqualTo(name);
            assertThat(YamlFiles.at(topic, "metadata.labels"))
                    .as(name)
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsKey("strimzi.io/cluster");
            assertThat(YamlFiles.at(topic, "spec.partitions")).as(name).isEqualTo(Topic.PARTITIONS);
            assertThat(YamlFiles.at(topic, "spec.replicas")).as(name).isEqualTo(3);
            assertThat(config(topic).get("min.insync.replicas")).as(name).isEqualTo(2);
        }
    }

    @Test
    void catalogueRetentionsAndCompactedInternalTopicsMatchTheCode() {
        for (Topic topic : Topic.values()) {
            assertThat(retentionMillis(topic.topicName()))
                    .as(topic.topicName())
                    .isEqualTo(topic.retention().toMillis());
            assertThat(retentionMillis(topic.deadLetterTopicName()))
                    .as(topic.deadLetterTopicName())
                    .isEqualTo(Topic.DEAD_LETTER_RETENTION.toMillis());
        }
        for (ServiceClasses.DeclaredTopic internal : internalTopics()) {
            Object policy = config(byName(internal.name())).getOrDefault("cleanup.policy", "delete");
            assertThat(policy)
                    .as("cleanup.policy of %s (declared in %s)", internal.name(), internal.declaredIn())
                    .isEqualTo(internal.compacted() ? "compact" : "delete");
        }
    }

    @Test
    void findsTheInternalTopicsOfEveryService() {
        // Guards the class reading itself: each service owns at least one internal topic under its prefix.
        List<ServiceClasses.DeclaredTopic> internal = internalTopics();
        for (String prefix : List.of("signup.", "provisioner.", "verifier.", "user.", "operator.")) {
            assertThat(internal).as(prefix).anyMatch(t -> t.name().startsWith(prefix));
        }
        assertThat(internal)
                .allMatch(t -> t.name().matches("(signup|provisioner|verifier|user|operator)\\.[a-z0-9.-]+"));
        // The topics named by a constant, by a properties default and by a state store are all found.
        assertThat(internal)
                .extracting(ServiceClasses.DeclaredTopic::name)
                .contains("signup.subdomain-claims", "verifier.decisions", "signup.streams-subdomain-claims-changelog");
    }

    private static List<ServiceClasses.DeclaredTopic> internalTopics() {
        List<ServiceClasses.DeclaredTopic> topics = new ArrayList<>();
        for (String service : ServiceClasses.SERVICES) {
            topics.addAll(ServiceClasses.declaredTopics(service));
            topics.addAll(ServiceClasses.streamsChangelogs(service));
        }
        return topics;
    }

    private static Object byName(String name) {
        return TOPICS.stream()
                .filter(t -> name.equals(YamlFiles.text(t, "spec.topicName")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no KafkaTopic " + name));
    }

    private static long retentionMillis(String topic) {
        Object retention = config(byName(topic)).get("retention.ms");
        assertThat(retention).as("retention.ms of %s", topic).isInstanceOf(Number.class);
        return ((Number) retention).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> config(Object topic) {
        Object config = YamlFiles.at(topic, "spec.config");
        return config == null ? Map.of() : (Map<String, Object>) config;
    }

    private static List<Object> kafkaTopics() {
        List<Object> topics = new ArrayList<>();
        for (Path file : Repository.files("deploy/k8s", ".yaml", ".yml")) {
            YamlFiles.documents(file).stream()
                    .filter(d -> "KafkaTopic".equals(YamlFiles.text(d, "kind")))
                    .forEach(topics::add);
        }
        return topics;
    }
}
