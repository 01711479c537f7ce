package io.benchline.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.schemas.Topic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Strimzi KafkaUsers grant each service WRITE on exactly the topics it writes (design.md's writers, which the
 * code confirms; a dead-letter topic's writers are its source topic's consumers) and READ on what it consumes.
 */
class KafkaAclsTests {

    private static final Path USERS = Repository.path("deploy/k8s/base/kafka-users.yaml");

    @Test
    void theKafkaUsersGrantExactlyTheWritersAndWhatEachServiceConsumes() {
        List<Object> users = KafkaAcls.kafkaUsers();
        assertThat(users).hasSize(ServiceClasses.SERVICES.size());
        assertThat(KafkaAcls.problems(users)).isEmpty();
    }

    @Test
    void designsWritersAreTheServicesWhoseCodeCreatesTheTopicsEvents() {
        for (Topic topic : Topic.values()) {
            Set<String> creators = new TreeSet<>();
            for (String service : ServiceClasses.SERVICES) {
                if (KafkaClientsInCode.writes(service).contains(topic)) {
                    creators.add(service);
                }
            }
            assertThat(creators)
                    .as("services whose classes build the events of %s", topic.topicName())
                    .containsExactlyInAnyOrderElementsOf(KafkaAcls.WRITERS.get(topic));
        }
    }

    @Test
    void readsTheListenersStreamsInputsGroupsAndTransactionsOfTheCode() {
        // Guards the class reading itself against forms it would silently miss.
        assertThat(KafkaClientsInCode.listensTo(KafkaAcls.PROVISIONER))
                .containsExactlyInAnyOrder(
                        Topic.TENANT_REQUESTED.topicName(),
                        Topic.SIGNUP_COMPLETED.topicName(),
                        Topic.PROVISIONING_FAILED.topicName(),
                        Topic.LOGIN_KEY_REQUESTED.topicName(),
                        Topic.EMAIL_VERIFICATION.topicName(),
                        Topic.SITE_OPERATION_REQUESTED.topicName());
        assertThat(KafkaClientsInCode.groups(KafkaAcls.PROVISIONER))
                .containsExactlyInAnyOrder(
                        "provisioner-service",
                        "provisioner-credentials",
                        "provisioner-credentials-failed",
                        "provisioner-login-keys",
                        "provisioner-tenant-removal",
                        "provisioner-site-operations",
                        "provisioner.pool");
        assertThat(KafkaClientsInCode.listensTo(KafkaAcls.VERIFIER))
                .containsExactly(Topic.SITE_PROVISIONED.topicName());
        assertThat(KafkaClientsInCode.groups(KafkaAcls.USER)).containsExactly("user-service");
        assertThat(KafkaClientsInCode.transactionalIdPrefixes(KafkaAcls.USER)).containsExactly("user-service-");
        assertThat(KafkaClientsInCode.listensTo(KafkaAcls.SIGNUP)).isEmpty();
        assertThat(KafkaClientsInCode.consumes(KafkaAcls.SIGNUP))
                .contains(Topic.PROVISIONING_PROGRESS.topicName(), Topic.SIGNUP_COMPLETED.topicName());
        assertThat(KafkaClientsInCode.groups(KafkaAcls.SIGNUP)).containsExactly("signup.streams");
        assertThat(KafkaClientsInCode.transactionalIdPrefixes(KafkaAcls.SIGNUP)).containsExactly("signup.streams-");
        assertThat(KafkaClientsInCode.consumes(KafkaAcls.SIGNUP))
                .contains(Topic.OPERATOR_COMMANDS.topicName(), Topic.TENANT_LIFECYCLE.topicName());
        // operator-service: the lifecycle is a Streams app; its API's followers assign partitions without a group.
        assertThat(KafkaClientsInCode.listensTo(KafkaAcls.OPERATOR)).isEmpty();
        assertThat(KafkaClientsInCode.consumes(KafkaAcls.OPERATOR))
                .contains(Topic.OPERATOR_COMMANDS.topicName(), Topic.SITE_OPERATION_COMPLETED.topicName());
        assertThat(KafkaClientsInCode.groups(KafkaAcls.OPERATOR)).containsExactly("operator.lifecycle");
        assertThat(KafkaClientsInCode.transactionalIdPrefixes(KafkaAcls.OPERATOR))
                .containsExactly("operator.lifecycle-");
        assertThat(KafkaAcls.expectedWriters(Topic.PROVISIONING_FAILED.deadLetterTopicName()))
                .containsExactly(KafkaAcls.PROVISIONER);
    }

    @Test
    void reportsAnExtraWriteInACopyOfTheKafkaUsers(@TempDir Path dir) throws IOException {
        String verifierReads =
                "{resource: {type: topic, name: tenant.site-provisioned, patternType: literal}, operations: [Read]}";
        List<String> problems = problemsOfCopy(
                dir, "benchline-verifier-service", verifierReads, verifierReads.replace("[Read]", "[Read, Write]"));

        assertThat(problems)
                .containsExactly("WRITE on tenant.site-provisioned is granted to [provisioner-service,"
                        + " verifier-service], its writers are [provisioner-service]");
    }

    @Test
    void reportsAPublicTopicPrefixAndAMissingReadInACopyOfTheKafkaUsers(@TempDir Path dir) throws IOException {
        String userReads =
                "{resource: {type: topic, name: tenant.keys-active, patternType: literal}, operations: [Read]}";
        List<String> problems = problemsOfCopy(
                dir,
                "benchline-user-service",
                userReads,
                "{resource: {type: topic, name: tenant., patternType: prefix}, operations: [Describe]}");

        assertThat(problems)
                .anyMatch(p -> p.contains("user-service: topic tenant.* [Describe]: a prefix outside"))
                .anyMatch(p -> p.equals("user-service lacks Read on topic tenant.keys-active (it consumes it)"));
    }

    /** The problems of a copy of kafka-users.yaml where one line of one KafkaUser is replaced. */
    private static List<String> problemsOfCopy(Path dir, String user, String line, String replacement)
            throws IOException {
        List<String> documents = new ArrayList<>();
        for (String document : Repository.read(USERS).split("\n---\n")) {
            if (document.contains("  name: " + user + "\n")) {
                assertThat(document).containsOnlyOnce(line);
                document = document.replace(line, replacement);
            }
            documents.add(document);
        }
        Path copy = Files.writeString(dir.resolve("kafka-users.yaml"), String.join("\n---\n", documents));
        assertThat(copy).content().isNotEqualTo(Repository.read(USERS));
        return KafkaAcls.problems(KafkaAcls.kafkaUsers(copy));
    }
}
