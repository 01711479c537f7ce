package io.benchline.deploycheck;

import io.benchline.localstack.ServiceAcls;
import io.benchline.schemas.Topic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Strimzi {@code KafkaUser} ACLs of deploy/k8s against the topic ownership of design.md and the services'
 * compiled code: who may WRITE each public topic and dead-letter topic, and that every service may READ what it
 * consumes, join its groups, use its transactional ids and its own internal topics, and nothing else.
 */
final class KafkaAcls {

    static final String SIGNUP = "signup-service";
    static final String PROVISIONER = "provisioner-service";
    static final String VERIFIER = "verifier-service";
    static final String USER = "user-service";
    static final String OPERATOR = "operator-service";

    /**
     * The writers of each public topic (design.md, "Topics and events", column "written by"), taken from the local
     * stack's {@link ServiceAcls}. {@code tenant.provisioning-failed} has one writer per stage: signup-service
     * (SIGNUP, and TIMEOUT when a signup's deadline passes), provisioner (PROVISION), verifier (VERIFY), user-service
     * (USER). A {@code <topic>-dlt} is not in this map: its writers are the consumers of its source topic (Spring's
     * dead-letter recoverer runs in each listener), read from the code.
     */
    static final Map<Topic, Set<String>> WRITERS = writers();

    /** One ACL of one service's KafkaUser. */
    record Acl(String service, String type, String name, boolean prefixed, Set<String> operations) {

        boolean grants(String resourceType, String resource, String operation) {
            return type.equals(resourceType)
                    && (prefixed ? resource.startsWith(name) : resource.equals(name))
                    && (operations.contains(operation) || operations.contains("All"));
        }

        @Override
        public String toString() {
            return service + ": " + type + " " + name + (prefixed ? "*" : "") + " " + operations;
        }
    }

    private static final Set<String> AUTHENTICATIONS = Set.of("scram-sha-512", "tls");
    private static final Set<String> RESOURCE_TYPES = Set.of("topic", "group", "transactionalId");

    private KafkaAcls() {}

    /** One table in code for both ACL sets; KafkaAclsTests checks it against the events the services build. */
    private static Map<Topic, Set<String>> writers() {
        Map<Topic, Set<String>> writers = new EnumMap<>(Topic.class);
        for (Topic topic : Topic.values()) {
            writers.put(topic, ServiceAcls.writersOf(topic.topicName()));
        }
        return Map.copyOf(writers);
    }

    /** The services that must be able to write {@code topic}: the table's writers, or for a DLT its consumers. */
    static Set<String> expectedWriters(String topic) {
        for (Topic t : Topic.values()) {
            if (t.topicName().equals(topic)) {
                return new TreeSet<>(WRITERS.get(t));
            }
            if (t.deadLetterTopicName().equals(topic)) {
                Set<String> consumers = new TreeSet<>();
                for (String service : ServiceClasses.SERVICES) {
                    if (KafkaClientsInCode.listensTo(service).contains(t.topicName())) {
                        consumers.add(service);
                    }
                }
                return consumers;
            }
        }
        throw new IllegalArgumentException(topic + " is no public or dead-letter topic");
    }

    /** The service's own topic (and group) prefix: {@code signup.} for signup-service. */
    static String ownPrefix(String service) {
        return service.substring(0, service.indexOf('-')) + ".";
    }

    /** The KafkaUser resources of every YAML file under deploy/k8s. */
    static List<Object> kafkaUsers() {
        List<Object> users = new ArrayList<>();
        for (Path file : Repository.files("deploy/k8s", ".yaml", ".yml")) {
            users.addAll(kafkaUsers(file));
        }
        return users;
    }

    static List<Object> kafkaUsers(Path file) {
        return YamlFiles.documents(file).stream()
                .filter(d -> "KafkaUser".equals(YamlFiles.text(d, "kind")))
                .toList();
    }

    /** Everything wrong with these KafkaUsers; empty when they grant exactly what the code needs. */
    static List<String> problems(List<Object> users) {
        List<String> problems = new ArrayList<>();
        List<Acl> acls = acls(users, problems);
        checkWriters(acls, problems);
        for (String service : ServiceClasses.SERVICES) {
            List<Acl> own =
                    acls.stream().filter(a -> a.service().equals(service)).toList();
            checkScope(service, own, problems);
            checkNeeds(service, own, problems);
        }
        return problems;
    }

    /** Exactly the writers of each public topic and of its dead-letter topic. */
    private static void checkWriters(List<Acl> acls, List<String> problems) {
        for (Topic topic : Topic.values()) {
            for (String name : List.of(topic.topicName(), topic.deadLetterTopicName())) {
                Set<String> granted = new TreeSet<>();
                acls.stream().filter(a -> a.grants("topic", name, "Write")).forEach(a -> granted.add(a.service()));
                Set<String> expected = expectedWriters(name);
                if (!granted.equals(expected)) {
                    problems.add("WRITE on " + name + " is granted to " + granted + ", its writers are " + expected);
                }
            }
        }
    }

    /** Nothing beyond the service's own topics, what it consumes, its groups and its transactional ids. */
    private static void checkScope(String service, List<Acl> acls, List<String> problems) {
        Set<String> consumed = KafkaClientsInCode.consumes(service);
        Set<String> groups = KafkaClientsInCode.groups(service);
        Set<String> transactional = KafkaClientsInCode.transactionalIdPrefixes(service);
        String own = ownPrefix(service);
        for (Acl acl : acls) {
            if (acl.name().equals("*") || acl.name().isEmpty()) {
                problems.add(acl + ": a wildcard");
                continue;
            }
            switch (acl.type()) {
                case "topic" -> {
                    boolean ownTopic = acl.name().startsWith(own);
                    if (acl.prefixed() && !ownTopic) {
                        problems.add(acl + ": a prefix outside the service's own topics (" + own + ")");
                    }
                    if (!ownTopic && !acl.prefixed()) {
                        Set<String> allowed = new TreeSet<>(Set.of("Read", "Write", "Describe"));
                        if (!acl.operations().stream().allMatch(allowed::contains)) {
                            problems.add(acl + ": only Read/Write/Describe on topics it does not own");
                        }
                        if (acl.operations().contains("Read") && !consumed.contains(acl.name())) {
                            problems.add(acl + ": READ on a topic it does not consume (it consumes " + consumed + ")");
                        }
                    }
                }
                case "group" -> {
                    boolean covers = groups.stream()
                            .anyMatch(g -> acl.prefixed() ? g.startsWith(acl.name()) : g.equals(acl.name()));
                    if (!covers || (acl.prefixed() && !acl.name().startsWith(own))) {
                        problems.add(acl + ": a group it does not join (it joins " + groups + ")");
                    }
                }
                case "transactionalId" -> {
                    if (!acl.prefixed() || !transactional.contains(acl.name())) {
                        problems.add(acl + ": not its transactional-id prefix (" + transactional + ")");
                    }
                }
                default -> problems.add(acl + ": a " + acl.type() + " right no service needs");
            }
        }
    }

    /** What the code needs: READ of what it consumes, its groups, its internal topics, its transactional ids. */
    private static void checkNeeds(String service, List<Acl> acls, List<String> problems) {
        for (String topic : KafkaClientsInCode.consumes(service)) {
            need(service, acls, "topic", topic, "Read", "it consumes it", problems);
        }
        for (String group : KafkaClientsInCode.groups(service)) {
            need(service, acls, "group", group, "Read", "its consumer group", problems);
        }
        for (String prefix : KafkaClientsInCode.transactionalIdPrefixes(service)) {
            need(service, acls, "transactionalId", prefix + "0", "Write", "its transactions", problems);
        }
        List<ServiceClasses.DeclaredTopic> internal = new ArrayList<>(ServiceClasses.declaredTopics(service));
        internal.addAll(ServiceClasses.streamsChangelogs(service));
        for (ServiceClasses.DeclaredTopic topic : internal) {
            for (String operation : List.of("Read", "Write")) {
                need(service, acls, "topic", topic.name(), operation, "its own topic", problems);
            }
        }
    }

    private static void need(
            String service,
            List<Acl> acls,
            String type,
            String resource,
            String operation,
            String why,
            List<String> problems) {
        if (acls.stream().noneMatch(a -> a.grants(type, resource, operation))) {
            problems.add(service + " lacks " + operation + " on " + type + " " + resource + " (" + why + ")");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Acl> acls(List<Object> users, List<String> problems) {
        Map<String, Integer> usersPerService = new TreeMap<>();
        List<Acl> acls = new ArrayList<>();
        for (Object user : users) {
            String name = YamlFiles.text(user, "metadata.name");
            Object labels = YamlFiles.at(user, "metadata.labels");
            String service = labels instanceof Map<?, ?> l ? (String) l.get("app.kubernetes.io/name") : null;
            if (!ServiceClasses.SERVICES.contains(service)) {
                problems.add("KafkaUser " + name + " is labelled app.kubernetes.io/name=" + service + ", none of "
                        + ServiceClasses.SERVICES);
                continue;
            }
            usersPerService.merge(service, 1, Integer::sum);
            if (!"kafka.strimzi.io/v1".equals(YamlFiles.text(user, "apiVersion"))) {
                problems.add("KafkaUser " + name + " is not kafka.strimzi.io/v1");
            }
            if (!(labels instanceof Map<?, ?> l && l.containsKey("strimzi.io/cluster"))) {
                problems.add("KafkaUser " + name + " names no strimzi.io/cluster");
            }
            if (!AUTHENTICATIONS.contains(YamlFiles.text(user, "spec.authentication.type"))) {
                problems.add("KafkaUser " + name + " authenticates with none of " + AUTHENTICATIONS);
            }
            if (!"simple".equals(YamlFiles.text(user, "spec.authorization.type"))) {
                problems.add("KafkaUser " + name + " has no simple authorization");
            }
            Object list = YamlFiles.at(user, "spec.authorization.acls");
            for (Object acl : list instanceof List<?> l ? l : List.of()) {
                String type = YamlFiles.text(acl, "resource.type");
                String pattern = String.valueOf(YamlFiles.text(acl, "resource.patternType"));
                if ("deny".equals(YamlFiles.text(acl, "type"))) {
                    problems.add("KafkaUser " + name + ": a deny ACL (ALLOW only: what is not allowed is denied)");
                }
                if (!RESOURCE_TYPES.contains(type)) {
                    problems.add("KafkaUser " + name + ": a " + type + " ACL; no service needs one");
                    continue;
                }
                Object operations = YamlFiles.at(acl, "operations");
                acls.add(new Acl(
                        service,
                        type,
                        String.valueOf(YamlFiles.text(acl, "resource.name")),
                        pattern.equals("prefix"),
                        operations instanceof List<?> ops
                                ? new TreeSet<>((List<String>) ops)
                                : new TreeSet<>(List.of(String.valueOf(YamlFiles.text(acl, "operation"))))));
            }
        }
        for (String service : ServiceClasses.SERVICES) {
            if (usersPerService.getOrDefault(service, 0) != 1) {
                problems.add(service + " has " + usersPerService.getOrDefault(service, 0) + " KafkaUsers, not 1");
            }
        }
        return acls;
    }
}
