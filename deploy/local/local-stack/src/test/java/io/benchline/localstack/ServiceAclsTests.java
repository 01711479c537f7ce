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
        assertThat(ServiceAcls.writersOf("tenant.operator-commands")).containsExactly("operator-service");
        assertThat(ServiceAcls.writersOf("tenant.site-operation-requested")).containsExactly("operator-service");
        assertThat(ServiceAcls.writersOf("tenant.site-operation-completed")).containsExactly("provisioner-service");
        assertThat(ServiceAcls.writersOf("tenant.lifecycle")).containsExactly("operator-service");
    }

    @Test
    void theOperatorTopicsHaveTheReadersOfTheContract() {
        assertThat(ServiceAcls.readersOf("tenant.operator-commands"))
                .containsExactly("operator-service", "signup-service");
        assertThat(ServiceAcls.readersOf("tenant.site-operation-requested")).containsExactly("provisioner-service");
        assertThat(ServiceAcls.readersOf("tenant.site-operation-completed"))
                .as("signup-service: a failed signup's site DROP releases its held subdomain")
                .containsExactly("operator-service", "signup-service");
        assertThat(ServiceAcls.readersOf("tenant.lifecycle")).containsExactly("signup-service");
        assertThat(ServiceAcls.readersOf("tenant.email-verification"))
                .containsExactly("operator-service", "provisioner-service");
    }

    @Test
    void operatorServiceOwnsItsPrefixAndTheLifecycleStreamsTransactions() {
        var operator = ServiceAcls.of("operator-service").orElseThrow();
        var bindings = ServiceAcls.bindings(operator);

        assertThat(bindings)
                .anySatisfy(b -> {
                    assertThat(b.pattern().resourceType()).isEqualTo(ResourceType.TRANSACTIONAL_ID);
                    assertThat(b.pattern().name()).isEqualTo("operator.lifecycle-");
                    assertThat(b.pattern().patternType()).isEqualTo(PatternType.PREFIXED);
                })
                .anySatisfy(b -> {
                    assertThat(b.pattern().resourceType()).isEqualTo(ResourceType.GROUP);
                    assertThat(b.pattern().name()).isEqualTo("operator.");
                    assertThat(b.pattern().patternType()).isEqualTo(PatternType.PREFIXED);
                })
                .noneMatch(b -> b.pattern().resourceType() == ResourceType.TOPIC
                        && b.pattern().name().endsWith("-dlt"));
        assertThat(bindings.stream()
                        .filter(b -> b.pattern().resourceType() == ResourceType.TOPIC
                                && b.pattern().patternType() == PatternType.PREFIXED
                                && b.entry().operation() == AclOperation.CREATE)
                        .map(b -> b.pattern().name()))
                .as("Streams creates its changelogs under the service's own prefix only")
                .containsExactly("operator.");
    }

    @Test
    void deadLettersAreWrittenByTheListenersOfTheirSourceTopic() {
        assertThat(ServiceAcls.writersOf("tenant.requested-dlt")).containsExactly("provisioner-service");
        assertThat(ServiceAcls.writersOf("tenant.site-provisioned-dlt")).containsExactly("verifier-service");
        assertThat(ServiceAcls.writersOf("tenant.keys-active-dlt")).containsExactly("user-service");
        assertThat(ServiceAcls.writersOf("tenant.signup-completed-dlt")).containsExactly("provisioner-service");
        assertThat(ServiceAcls.writersOf("tenant.provisioning-failed-dlt")).containsExactly("provisioner-service");
        assertThat(ServiceAcls.writersOf("tenant.provisioning-progress-dlt")).isEmpty();
        assertThat(ServiceAcls.writersOf("tenant.site-operation-requested-dlt")).containsExactly("provisioner-service");
        assertThat(ServiceAcls.writersOf("tenant.operator-commands-dlt"))
                .as("its readers are Streams apps, which skip unreadable records")
                .isEmpty();
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
