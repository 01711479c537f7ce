package io.benchline.localstack;

import io.benchline.schemas.Topic;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * THE table of what each service's Kafka principal may do: the one place in code that says who writes and reads
 * which topic (design.md "Topics and events" and "Trust between services"). The secure local stack creates these
 * ACLs; deploy checks may compare production's ACLs with it ({@link #writersOf}, {@link #readersOf}).
 *
 * <p>Derived from the code: the writers from the events each service builds, the readers from its
 * {@code @KafkaListener}s and its Kafka Streams inputs. Rules:
 *
 * <ul>
 *   <li>WRITE exactly the topics the service writes; {@code tenant.provisioning-failed} has one writer per stage
 *       (signup-service writes the TIMEOUT ones when a deadline passes).
 *   <li>READ exactly the topics it consumes, with its consumer groups (LITERAL).
 *   <li>WRITE {@code <topic>-dlt} for every topic a listener container consumes (Spring Kafka's dead-letter
 *       recoverer). signup-service consumes through Kafka Streams, which logs and skips unreadable records, so it
 *       writes no dead letters.
 *   <li>Its own internal topics and groups, by prefix ({@code signup.}, {@code provisioner.}, {@code verifier.},
 *       {@code user.}, {@code operator.}): create, read, write, delete (Streams purges its repartition topics),
 *       describe configs.
 *   <li>Transactional ids by prefix: user-service's producer ({@code user-service-}) and the Streams exactly-once
 *       producers ({@code <application.id>-}) of signup-service and operator-service; Streams' {@code
 *       <application.id>-} topics and its group {@code <application.id>} fall under the service's own prefix
 *       ({@code signup.streams}, {@code operator.lifecycle}).
 *   <li>DESCRIBE (metadata only, no records) on every {@code tenant.} topic: every service's KafkaAdmin checks at
 *       start that the catalogue's topics exist; without it, it would try to create the ones it cannot see.
 * </ul>
 */
public final class ServiceAcls {

    /** The public topics' common prefix (the catalogue and its dead-letter topics). */
    public static final String PUBLIC_TOPIC_PREFIX = "tenant.";

    /** A consumed topic and the consumer group that reads it; a {@code null} group means a Kafka Streams input. */
    public record Consumption(Topic topic, String group) {
        boolean deadLetters() {
            return group != null;
        }
    }

    /**
     * One service's principal ({@code User:<service>}) and what it may do.
     *
     * @param streamsApplicationId the Kafka Streams application id, or {@code null}
     * @param transactionalIdPrefix its own producers' transactional-id prefix, or {@code null}
     */
    public record ServiceAccess(
            String service,
            List<Topic> writes,
            List<Consumption> consumes,
            String internalPrefix,
            String streamsApplicationId,
            String transactionalIdPrefix) {

        public String principal() {
            return "User:" + service;
        }

        /** Every topic name this service may write: its events and the dead letters of what its listeners read. */
        public Set<String> writtenTopics() {
            Set<String> topics = new LinkedHashSet<>();
            writes.forEach(t -> topics.add(t.topicName()));
            consumes.stream()
                    .filter(Consumption::deadLetters)
                    .forEach(c -> topics.add(c.topic().deadLetterTopicName()));
            return topics;
        }

        public Set<String> readTopics() {
            Set<String> topics = new LinkedHashSet<>();
            consumes.forEach(c -> topics.add(c.topic().topicName()));
            return topics;
        }
    }

    private static final List<ServiceAccess> SERVICES = List.of(
            new ServiceAccess(
                    "signup-service",
                    List.of(
                            Topic.TENANT_REQUESTED,
                            Topic.PROVISIONING_FAILED,
                            Topic.EMAIL_VERIFICATION,
                            Topic.LOGIN_KEY_REQUESTED),
                    // SignupTopology.STATUS_INPUTS: the Streams app follows every lifecycle event; every instance
                    // follows the issued login keys in a global store (hand-off). Issue 17: operator commands (it
                    // carries out RETRY) and tenant.lifecycle (TenantDeleted starts the subdomain's quarantine);
                    // the provisioner's DROP of a failed signup's site releases the subdomain held until then.
                    List.of(
                            new Consumption(Topic.TENANT_REQUESTED, null),
                            new Consumption(Topic.PROVISIONING_PROGRESS, null),
                            new Consumption(Topic.SITE_PROVISIONED, null),
                            new Consumption(Topic.KEYS_ACTIVE, null),
                            new Consumption(Topic.PROVISIONING_FAILED, null),
                            new Consumption(Topic.SIGNUP_COMPLETED, null),
                            new Consumption(Topic.LOGIN_KEY_ISSUED, null),
                            new Consumption(Topic.OPERATOR_COMMANDS, null),
                            new Consumption(Topic.TENANT_LIFECYCLE, null),
                            new Consumption(Topic.SITE_OPERATION_COMPLETED, null)),
                    "signup.",
                    "signup.streams",
                    null),
            new ServiceAccess(
                    "provisioner-service",
                    List.of(
                            Topic.PROVISIONING_PROGRESS,
                            Topic.SITE_PROVISIONED,
                            Topic.PROVISIONING_FAILED,
                            Topic.LOGIN_KEY_ISSUED,
                            Topic.SITE_OPERATION_COMPLETED),
                    // TenantRequestedListener; SignupCompletedListener and ProvisioningFailedListener (revocation);
                    // LoginKeyRequestedListener and EmailVerificationListener (hand-off); the site operations the
                    // lifecycle requests (suspend, resume, archive; issue 17). Its once-per-operation answers live in
                    // provisioner.site-operations, under its own prefix.
                    List.of(
                            new Consumption(Topic.TENANT_REQUESTED, "provisioner-service"),
                            new Consumption(Topic.SIGNUP_COMPLETED, "provisioner-credentials"),
                            new Consumption(Topic.PROVISIONING_FAILED, "provisioner-credentials-failed"),
                            new Consumption(Topic.LOGIN_KEY_REQUESTED, "provisioner-login-keys"),
                            new Consumption(Topic.EMAIL_VERIFICATION, "provisioner-tenant-removal"),
                            new Consumption(Topic.SITE_OPERATION_REQUESTED, "provisioner-site-operations")),
                    "provisioner.",
                    null,
                    null),
            new ServiceAccess(
                    "verifier-service",
                    List.of(Topic.KEYS_ACTIVE, Topic.PROVISIONING_FAILED),
                    List.of(new Consumption(Topic.SITE_PROVISIONED, "verifier-service")),
                    "verifier.",
                    null,
                    null),
            new ServiceAccess(
                    "user-service",
                    List.of(Topic.SIGNUP_COMPLETED, Topic.PROVISIONING_FAILED),
                    List.of(new Consumption(Topic.KEYS_ACTIVE, "user-service")),
                    "user.",
                    null,
                    "user-service-"),
            new ServiceAccess(
                    "operator-service",
                    // The API publishes the commands; the lifecycle (Kafka Streams) the site operations it needs
                    // and every change of a tenant's state.
                    List.of(Topic.OPERATOR_COMMANDS, Topic.SITE_OPERATION_REQUESTED, Topic.TENANT_LIFECYCLE),
                    // The lifecycle's Streams inputs: the pipeline's events, operator commands, the provisioner's
                    // reports. The API's command follower and its view of the lifecycle store's changelog assign
                    // partitions without a group (the follower's topic is one the lifecycle reads anyway).
                    List.of(
                            new Consumption(Topic.TENANT_REQUESTED, null),
                            new Consumption(Topic.PROVISIONING_PROGRESS, null),
                            new Consumption(Topic.SITE_PROVISIONED, null),
                            new Consumption(Topic.KEYS_ACTIVE, null),
                            new Consumption(Topic.PROVISIONING_FAILED, null),
                            new Consumption(Topic.SIGNUP_COMPLETED, null),
                            new Consumption(Topic.EMAIL_VERIFICATION, null),
                            new Consumption(Topic.OPERATOR_COMMANDS, null),
                            new Consumption(Topic.SITE_OPERATION_COMPLETED, null)),
                    "operator.",
                    "operator.lifecycle",
                    null));

    private ServiceAcls() {}

    public static List<ServiceAccess> services() {
        return SERVICES;
    }

    public static Optional<ServiceAccess> of(String service) {
        return SERVICES.stream().filter(s -> s.service().equals(service)).findFirst();
    }

    /** The services allowed to write {@code topicName} (a catalogue topic or a {@code -dlt}), sorted. */
    public static Set<String> writersOf(String topicName) {
        Set<String> writers = new TreeSet<>();
        SERVICES.stream().filter(s -> s.writtenTopics().contains(topicName)).forEach(s -> writers.add(s.service()));
        return writers;
    }

    /** The services allowed to read {@code topicName}, sorted. */
    public static Set<String> readersOf(String topicName) {
        Set<String> readers = new TreeSet<>();
        SERVICES.stream().filter(s -> s.readTopics().contains(topicName)).forEach(s -> readers.add(s.service()));
        return readers;
    }

    /** Every topic's writers, catalogue topics and dead-letter topics alike, in catalogue order. */
    public static Map<String, Set<String>> writersByTopic() {
        Map<String, Set<String>> writers = new java.util.LinkedHashMap<>();
        for (Topic topic : Topic.values()) {
            writers.put(topic.topicName(), writersOf(topic.topicName()));
            writers.put(topic.deadLetterTopicName(), writersOf(topic.deadLetterTopicName()));
        }
        return writers;
    }

    /** The ALLOW bindings of every service, as {@code Admin.createAcls} takes them. */
    public static List<AclBinding> bindings() {
        List<AclBinding> bindings = new ArrayList<>();
        SERVICES.forEach(s -> bindings.addAll(bindings(s)));
        return bindings;
    }

    static List<AclBinding> bindings(ServiceAccess s) {
        List<AclBinding> b = new ArrayList<>();
        String p = s.principal();
        s.writtenTopics().forEach(t -> b.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, p, AclOperation.WRITE)));
        s.readTopics().forEach(t -> b.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, p, AclOperation.READ)));
        s.consumes().stream()
                .map(Consumption::group)
                .filter(g -> g != null)
                .distinct()
                .forEach(g -> b.add(allow(ResourceType.GROUP, g, PatternType.LITERAL, p, AclOperation.READ)));
        b.add(allow(ResourceType.TOPIC, PUBLIC_TOPIC_PREFIX, PatternType.PREFIXED, p, AclOperation.DESCRIBE));
        for (AclOperation op : List.of(
                AclOperation.CREATE,
                AclOperation.READ,
                AclOperation.WRITE,
                AclOperation.DELETE,
                AclOperation.DESCRIBE_CONFIGS)) {
            b.add(allow(ResourceType.TOPIC, s.internalPrefix(), PatternType.PREFIXED, p, op));
        }
        b.add(allow(ResourceType.GROUP, s.internalPrefix(), PatternType.PREFIXED, p, AclOperation.READ));
        if (s.streamsApplicationId() != null) {
            b.add(allow(
                    ResourceType.TRANSACTIONAL_ID,
                    s.streamsApplicationId() + "-",
                    PatternType.PREFIXED,
                    p,
                    AclOperation.WRITE));
        }
        if (s.transactionalIdPrefix() != null) {
            b.add(allow(
                    ResourceType.TRANSACTIONAL_ID,
                    s.transactionalIdPrefix(),
                    PatternType.PREFIXED,
                    p,
                    AclOperation.WRITE));
        }
        return b;
    }

    private static AclBinding allow(
            ResourceType type, String name, PatternType pattern, String principal, AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}
