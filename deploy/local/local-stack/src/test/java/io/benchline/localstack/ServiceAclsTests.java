package io.benchline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.schemas.Topic;
import java.util.Set;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class ServiceAclsTests {

    @Test
    void eachPublicTopicHasTheWritersDesignMdLists() {
        assertThat(ServiceAcls.writersOf("tenant.requested")).containsExactly("signup-service");
        assertThat(ServiceAcls.writersOf("tenant.provisioning-progress")).containsExactly("provisioner-service");
        assertThat(ServiceAcls.writersOf("tenant.site-provisioned")).containsExactly("provisioner-service");
        assertThat(ServiceAcls.writersOf("tenant.keys-active")).containsExactly("verifier-service");
        assertThat(ServiceAcls.writersOf("tenant.signup-completed")).containsExactly("user-service");
        assertThat(ServiceAcls.writersOf("tenant.provisioning-failed"))
                .as("one writer per stage; signup-service writes the TIMEOUT failures")
                .containsExactly("provisioner-service", "signup-service", "user-service", "verifier-service");
    }

    @Test
    void deadLettersAreWrittenByTheListenersOfTheirSourceTopic() {
        assertThat(ServiceAcls.writersOf("tenant.requested-dlt")).containsExactly("provisioner-service");
        assertThat(ServiceAcls.writersOf("tenant.site-provisioned-dlt")).containsExactly("verifier-service");
        assertThat(ServiceAcls.writersOf("tenant.keys-active-dlt")).containsExactly("user-service");
        assertThat(ServiceAcls.writersOf("tenant.signup-completed-dlt")).containsExactly("provisioner-service");
        assertThat(ServiceAcls.writersOf("tenant.provisioning-failed-dlt")).containsExactly("provisioner-service");
        assertThat(ServiceAcls.writersOf("tenant.provisioning-progress-dlt")).isEmpty();
    }

    @Test
    void everyCatalogueTopicHasAWriterAndAReader() {
        for (Topic topic : Topic.values()) {
            assertThat(ServiceAcls.writersOf(topic.topicName()))
                    .as(topic.topicName())
                    .isNotEmpty();
            assertThat(ServiceAcls.readersOf(topic.topicName()))
                    .as(topic.topicName())
                    .isNotEmpty();
        }
    }

    @Test
    void theVerifierMayReadOnlyWhatItConsumesAndWriteNoOtherServicesTopic() {
        var verifier = ServiceAcls.of("verifier-service").orElseThrow();
        var literalTopics = ServiceAcls.bindings(verifier).stream()
                .filter(b -> b.pattern().resourceType() == ResourceType.TOPIC
                        && b.pattern().patternType() == PatternType.LITERAL)
                .toList();

        assertThat(literalTopics.stream()
                        .filter(b -> b.entry().operation() == AclOperation.READ)
                        .map(b -> b.pattern().name()))
                .containsExactly("tenant.site-provisioned");
        assertThat(literalTopics.stream()
                        .filter(b -> b.entry().operation() == AclOperation.WRITE)
                        .map(b -> b.pattern().name())
                        .toList())
                .containsExactlyInAnyOrderElementsOf(
                        Set.of("tenant.keys-active", "tenant.provisioning-failed", "tenant.site-provisioned-dlt"));
        assertThat(ServiceAcls.bindings(verifier))
                .allSatisfy(b -> assertThat(b.entry().principal()).isEqualTo("User:verifier-service"));
    }
}
