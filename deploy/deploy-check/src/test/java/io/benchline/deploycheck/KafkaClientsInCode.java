package io.benchline.deploycheck;

import io.benchline.schemas.Topic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.asm.AnnotationVisitor;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;
import org.springframework.asm.SpringAsmInfo;

/**
 * What a service's compiled classes do with the public topics, read with Spring's ASM from
 * {@code <service>/target/classes}: which events it creates ({@code <Event>.newBuilder()}: events are published
 * by type, {@code Topic.byEventType}, so creating one is writing its topic), which topics its
 * {@code @KafkaListener}s consume in which group, and which catalogue topics its Kafka Streams topology reads.
 * A listener form it cannot name fails loudly instead of being skipped.
 */
final class KafkaClientsInCode {

    /** A {@code @KafkaListener} method: the topic it consumes and its consumer group. */
    record Listener(String topic, String group, String declaredIn) {}

    /** What one service's classes do with Kafka. */
    record Clients(Set<Topic> createdEvents, List<Listener> listeners, Set<Topic> streamsInputs) {}

    private static final String EVENTS = "io/benchline/events/";
    private static final String TOPIC = "io/benchline/schemas/Topic";
    private static final String KAFKA_LISTENER = "Lorg/springframework/kafka/annotation/KafkaListener;";
    private static final String STREAMS_BUILDER = "org/apache/kafka/streams/StreamsBuilder";
    private static final Pattern CATALOGUE_TOPIC =
            Pattern.compile("#\\{T\\(io\\.benchline\\.schemas\\.Topic\\)\\.([A-Z_]+)\\.topicName\\(\\)}");
    private static final Pattern LITERAL_TOPIC = Pattern.compile("[a-z0-9][a-z0-9.-]*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z0-9.-]+)(?::([^}]*))?}");

    private static final Map<String, Clients> CACHE = new ConcurrentHashMap<>();

    private KafkaClientsInCode() {}

    static Clients of(String service) {
        return CACHE.computeIfAbsent(service, KafkaClientsInCode::read);
    }

    /** The catalogue topics the service writes: those of the events it creates. */
    static Set<Topic> writes(String service) {
        return of(service).createdEvents();
    }

    /** Every topic the service consumes: its listeners' topics and its Streams inputs. */
    static Set<String> consumes(String service) {
        Set<String> topics = new TreeSet<>();
        of(service).listeners().forEach(l -> topics.add(l.topic()));
        of(service).streamsInputs().forEach(t -> topics.add(t.topicName()));
        return topics;
    }

    /** The topics whose records a Spring listener of the service consumes (and dead-letters to {@code -dlt}). */
    static Set<String> listensTo(String service) {
        Set<String> topics = new TreeSet<>();
        of(service).listeners().forEach(l -> topics.add(l.topic()));
        return topics;
    }

    /** The consumer groups the service joins: its listeners' groups and its Streams application id. */
    static Set<String> groups(String service) {
        Set<String> groups = new TreeSet<>();
        of(service).listeners().forEach(l -> groups.add(l.group()));
        if (!of(service).streamsInputs().isEmpty()) {
            groups.add(ServiceClasses.streamsApplicationId(service));
        }
        // A group joined by a plain consumer, not a @KafkaListener: the provisioner's standby-pool owners
        // (benchline.provisioner.pool.group-id, which its application.yml names).
        String poolGroup = YamlFiles.text(applicationYml(service), "benchline.provisioner.pool.group-id");
        if (poolGroup != null) {
            groups.add(poolGroup);
        }
        return groups;
    }

    /**
     * Transactional-id prefixes: {@code spring.kafka.producer.transaction-id-prefix} up to its first placeholder,
     * and {@code <application.id>-} for exactly-once Kafka Streams.
     */
    static Set<String> transactionalIdPrefixes(String service) {
        Set<String> prefixes = new TreeSet<>();
        String prefix = YamlFiles.text(applicationYml(service), "spring.kafka.producer.transaction-id-prefix");
        if (prefix != null) {
            prefixes.add(prefix.contains("${") ? prefix.substring(0, prefix.indexOf("${")) : prefix);
        }
        Object streams = YamlFiles.at(applicationYml(service), "spring.kafka.streams.properties");
        boolean exactlyOnce = streams instanceof Map<?, ?> properties
                && String.valueOf(properties.get("processing.guarantee")).startsWith("exactly_once");
        if (!of(service).streamsInputs().isEmpty() && exactlyOnce) {
            prefixes.add(ServiceClasses.streamsApplicationId(service) + "-");
        }
        return prefixes;
    }

    private static Map<String, Object> applicationYml(String service) {
        return YamlFiles.single(Repository.path(service + "/src/main/resources/application.yml"));
    }

    private static Clients read(String service) {
        Path classes = Repository.path(service + "/target/classes");
        if (!Files.isDirectory(classes)) {
            throw new AssertionError("no " + Repository.relative(classes) + ": build the service first");
        }
        Clients found = new Clients(new TreeSet<>(), new ArrayList<>(), new TreeSet<>());
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                new ClassReader(Files.readAllBytes(file))
                        .accept(new ClassScanner(service, found), ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Clients(
                Set.copyOf(found.createdEvents()), List.copyOf(found.listeners()), Set.copyOf(found.streamsInputs()));
    }

    private static final class ClassScanner extends ClassVisitor {

        private final String service;
        private final Clients found;
        private String className;
        /** Catalogue constants this class reads, and whether it builds a Streams source: its inputs. */
        private final Set<Topic> topicsReferenced = new TreeSet<>();

        private boolean streamsSource;

        ClassScanner(String service, Clients found) {
            super(SpringAsmInfo.ASM_VERSION);
            this.service = service;
            this.found = found;
        }

        @Override
        public void visit(
                int version, int access, String name, String signature, String superName, String[] interfaces) {
            this.className = name.replace('/', '.');
        }

        @Override
        public MethodVisitor visitMethod(
                int access, String name, String descriptor, String signature, String[] exceptions) {
            String where = className + "." + name;
            return new MethodVisitor(SpringAsmInfo.ASM_VERSION) {
                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    return annotation.equals(KAFKA_LISTENER) ? new ListenerScanner(where) : null;
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                    if (opcode == Opcodes.INVOKESTATIC
                            && owner.startsWith(EVENTS)
                            && method.equals("newBuilder")
                            && desc.startsWith("()")) {
                        eventTopic(owner).ifPresent(found.createdEvents()::add);
                    } else if (owner.equals(STREAMS_BUILDER) && method.equals("stream")) {
                        streamsSource = true;
                    }
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String field, String desc) {
                    if (opcode == Opcodes.GETSTATIC && owner.equals(TOPIC) && desc.equals("L" + TOPIC + ";")) {
                        topicsReferenced.add(Topic.valueOf(field));
                    }
                }
            };
        }

        @Override
        public void visitEnd() {
            if (streamsSource) {
                found.streamsInputs().addAll(topicsReferenced);
            }
        }

        private static Optional<Topic> eventTopic(String owner) {
            String type = owner.replace('/', '.');
            return Stream.of(Topic.values())
                    .filter(t ->
                            t.eventTypes().stream().anyMatch(c -> c.getName().equals(type)))
                    .findFirst();
        }

        private final class ListenerScanner extends AnnotationVisitor {

            private final String where;
            private final List<String> topics = new ArrayList<>();
            private String id;
            private String groupId;
            private boolean idIsGroup = true;

            ListenerScanner(String where) {
                super(SpringAsmInfo.ASM_VERSION);
                this.where = where;
            }

            @Override
            public void visit(String name, Object value) {
                switch (name) {
                    case "id" -> id = value.toString();
                    case "groupId" -> groupId = value.toString();
                    case "idIsGroup" -> idIsGroup = (Boolean) value;
                    case "topicPattern", "topicPartitions" -> throw unreadable(name);
                    default -> {}
                }
            }

            @Override
            public AnnotationVisitor visitArray(String name) {
                if (name.equals("topicPartitions")) {
                    throw unreadable(name);
                }
                if (!name.equals("topics")) {
                    return null;
                }
                return new AnnotationVisitor(SpringAsmInfo.ASM_VERSION) {
                    @Override
                    public void visit(String unused, Object value) {
                        topics.add(topicName(value.toString()));
                    }
                };
            }

            @Override
            public void visitEnd() {
                if (topics.isEmpty()) {
                    throw unreadable("no topics");
                }
                String group = groupId != null && !groupId.isEmpty()
                        ? resolve(groupId)
                        : idIsGroup && id != null && !id.isEmpty()
                                ? resolve(id)
                                : YamlFiles.text(applicationYml(service), "spring.kafka.consumer.group-id");
                if (group == null) {
                    throw unreadable("no group id");
                }
                topics.forEach(topic -> found.listeners().add(new Listener(topic, group, where)));
            }

            private String topicName(String expression) {
                Matcher catalogue = CATALOGUE_TOPIC.matcher(expression);
                if (catalogue.matches()) {
                    return Topic.valueOf(catalogue.group(1)).topicName();
                }
                if (LITERAL_TOPIC.matcher(expression).matches()) {
                    return expression;
                }
                throw unreadable("topic " + expression);
            }

            /** {@code ${key:default}}: the service's application.yml value of key, else the default. */
            private String resolve(String value) {
                Matcher placeholder = PLACEHOLDER.matcher(value);
                if (!placeholder.matches()) {
                    if (value.contains("${") || value.contains("#{")) {
                        throw unreadable("expression " + value);
                    }
                    return value;
                }
                String set = YamlFiles.text(applicationYml(service), placeholder.group(1));
                if (set != null) {
                    return set;
                }
                if (placeholder.group(2) == null) {
                    throw unreadable(value + " without a default");
                }
                return placeholder.group(2);
            }

            private AssertionError unreadable(String what) {
                return new AssertionError("cannot tell what @KafkaListener of " + where + " consumes: " + what);
            }
        }
    }
}
