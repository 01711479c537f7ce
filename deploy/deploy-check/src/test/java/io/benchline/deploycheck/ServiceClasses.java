package io.benchline.deploycheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.asm.AnnotationVisitor;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.Handle;
import org.springframework.asm.Label;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.SpringAsmInfo;

/**
 * What the services' compiled classes declare: internal topics ({@code TopicBuilder.name(…)} up to
 * {@code build()}), Kafka Streams state stores with a changelog ({@code addStateStore} of a store whose logging
 * is not disabled) and meters ({@code Counter.builder(…)} and the like). It reads the bytecode of
 * {@code <service>/target/classes} with Spring's ASM, where a {@code static final String} constant has become the
 * literal itself, and a topic name from a properties accessor ({@code properties.ledgerTopic()}) is that
 * property's default in the configuration metadata. A form it cannot name fails loudly instead of being skipped.
 */
final class ServiceClasses {

    static final List<String> SERVICES =
            List.of("signup-service", "provisioner-service", "verifier-service", "user-service", "operator-service");

    /** An internal topic the code declares, whether it is compacted, and the class that declares it. */
    record DeclaredTopic(String name, boolean compacted, String declaredIn) {}

    /** What one service's classes declare. */
    record Declarations(List<DeclaredTopic> topics, List<DeclaredTopic> stores, List<String> meters) {}

    private static final String TOPIC_BUILDER = "org/springframework/kafka/config/TopicBuilder";
    private static final String STORES = "org/apache/kafka/streams/state/Stores";
    private static final String KSTREAM = "org/apache/kafka/streams/kstream/";
    private static final Set<String> METER_BUILDERS = Set.of(
            "Counter",
            "Timer",
            "Gauge",
            "DistributionSummary",
            "LongTaskTimer",
            "FunctionCounter",
            "FunctionTimer",
            "TimeGauge");
    private static final Set<String> REGISTRY_METERS =
            Set.of("counter", "timer", "gauge", "summary", "gaugeCollectionSize", "gaugeMapSize", "more");
    /** Kafka Streams DSL operations that make internal topics this reader cannot name. */
    private static final Set<String> DSL_TOPIC_MAKERS =
            Set.of("groupBy", "groupByKey", "toTable", "repartition", "join", "leftJoin", "outerJoin", "table");

    private static final Pattern METER_NAME = Pattern.compile("[a-z][a-z0-9]*(\\.[a-z0-9]+)+");

    private static final Map<String, Declarations> CACHE = new ConcurrentHashMap<>();

    private ServiceClasses() {}

    static Declarations of(String service) {
        return CACHE.computeIfAbsent(service, ServiceClasses::read);
    }

    /** Topics declared with TopicBuilder in the service's code (the platform declares the catalogue's). */
    static List<DeclaredTopic> declaredTopics(String service) {
        return of(service).topics();
    }

    /** Changelog topics of the Kafka Streams state stores: {@code <application.id>-<store>-changelog}. */
    static List<DeclaredTopic> streamsChangelogs(String service) {
        return of(service).stores().stream()
                .map(store -> new DeclaredTopic(
                        streamsApplicationId(service) + "-" + store.name() + "-changelog", true, store.declaredIn()))
                .toList();
    }

    /** Meter names registered in the service's code, as Micrometer names ({@code provisioner.slots.busy}). */
    static List<String> meterNames(String service) {
        return of(service).meters();
    }

    static String streamsApplicationId(String service) {
        Map<String, Object> yml = YamlFiles.single(Repository.path(service + "/src/main/resources/application.yml"));
        String id = YamlFiles.text(yml, "spring.kafka.streams.application-id");
        if (id == null) {
            throw new AssertionError(service + " uses Kafka Streams but sets no spring.kafka.streams.application-id");
        }
        return id;
    }

    private static Declarations read(String service) {
        Path classes = Repository.path(service + "/target/classes");
        if (!Files.isDirectory(classes)) {
            throw new AssertionError("no " + Repository.relative(classes) + ": build the service first (the reactor"
                    + " builds it before deploy-check: mvn -pl deploy/deploy-check -am verify)");
        }
        ConfigurationMetadata metadata = ConfigurationMetadata.of(service);
        Declarations found = new Declarations(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                new ClassReader(Files.readAllBytes(file))
                        .accept(new ClassScanner(metadata, found), ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Declarations(List.copyOf(found.topics()), List.copyOf(found.stores()), List.copyOf(found.meters()));
    }

    private static final class ClassScanner extends ClassVisitor {

        private final ConfigurationMetadata metadata;
        private final Declarations found;
        private String className;

        ClassScanner(ConfigurationMetadata metadata, Declarations found) {
            super(SpringAsmInfo.ASM_VERSION);
            this.metadata = metadata;
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
            return new MethodScanner(className + "." + name);
        }

        private final class MethodScanner extends MethodVisitor {

            private final String where;
            /** The value the instruction before pushed, when it was a String constant or a String accessor. */
            private String previousConstant;

            private String previousAccessorOwner;
            private String previousAccessor;
            private String meterName;
            private String topic;
            private boolean compacted;
            private String store;
            private boolean storeLogged;

            MethodScanner(String where) {
                super(SpringAsmInfo.ASM_VERSION);
                this.where = where;
            }

            @Override
            public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                if (!descriptor.startsWith("Lio/micrometer/core/annotation/")) {
                    return null;
                }
                return new AnnotationVisitor(SpringAsmInfo.ASM_VERSION) {
                    private boolean named;

                    @Override
                    public void visit(String name, Object value) {
                        if ("value".equals(name)) {
                            found.meters().add(value.toString());
                            named = true;
                        }
                    }

                    @Override
                    public void visitEnd() {
                        if (!named) {
                            throw unreadable(descriptor + " without a meter name");
                        }
                    }
                };
            }

            @Override
            public void visitLdcInsn(Object value) {
                clear();
                if (value instanceof String text) {
                    previousConstant = text;
                    if (METER_NAME.matcher(text).matches()) {
                        meterName = text;
                    }
                    if (topic != null && text.equals("compact")) {
                        compacted = true; // config("cleanup.policy", "compact")
                    }
                }
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean itf) {
                if (owner.equals(TOPIC_BUILDER)) {
                    onTopicBuilder(name);
                } else if (owner.equals(STORES) && name.endsWith("Store")) {
                    if (previousConstant == null || !descriptor.startsWith("(Ljava/lang/String;)")) {
                        throw unreadable("Stores." + name + " without a constant name");
                    }
                    store = previousConstant;
                    storeLogged = true;
                } else if (name.equals("withLoggingDisabled")) {
                    storeLogged = false;
                } else if (owner.equals("org/apache/kafka/streams/StreamsBuilder") && name.endsWith("StateStore")) {
                    if (store != null && storeLogged) {
                        found.stores().add(new DeclaredTopic(store, true, where));
                    }
                    store = null;
                } else if (owner.equals("org/apache/kafka/streams/StreamsBuilder") && name.equals("addGlobalStore")) {
                    store = null; // a global store restores from its source topic: no changelog
                } else if (owner.startsWith(KSTREAM)
                        && (DSL_TOPIC_MAKERS.contains(name)
                                || owner.endsWith("/Materialized")
                                || owner.endsWith("/KTable"))) {
                    throw unreadable("'" + name + "' of " + owner + ", which makes Kafka Streams create internal"
                            + " topics: declare them in deploy/k8s/base/kafka-topics.yaml and teach ServiceClasses"
                            + " their names");
                } else if (isMeterRegistration(owner, name)) {
                    if (meterName == null) {
                        throw unreadable(owner + "." + name + " without a constant meter name");
                    }
                    found.meters().add(meterName);
                    meterName = null;
                }
                clear();
                if (descriptor.endsWith(")Ljava/lang/String;")
                        && opcode != org.springframework.asm.Opcodes.INVOKESTATIC) {
                    previousAccessorOwner = owner;
                    previousAccessor = name;
                }
            }

            private void onTopicBuilder(String name) {
                switch (name) {
                    case "name" -> {
                        topic = topicName();
                        compacted = false;
                    }
                    case "compact" -> compacted = true;
                    case "build" -> {
                        if (topic != null) {
                            found.topics().add(new DeclaredTopic(topic, compacted, where));
                        }
                        topic = null;
                    }
                    default -> {}
                }
            }

            private String topicName() {
                if (previousConstant != null) {
                    return previousConstant;
                }
                if (previousAccessor != null) {
                    String properties = previousAccessorOwner.replace('/', '.');
                    String key = metadata.keyOf(properties, previousAccessor)
                            .orElseThrow(() -> unreadable("TopicBuilder.name(" + properties + "." + previousAccessor
                                    + "()), which is no property"));
                    return metadata.defaultValue(key)
                            .orElseThrow(() -> unreadable("TopicBuilder.name(" + key + "), which has no default"));
                }
                throw unreadable("TopicBuilder.name(…) of neither a constant nor a properties accessor");
            }

            private boolean isMeterRegistration(String owner, String name) {
                String simple = owner.substring(owner.lastIndexOf('/') + 1);
                return owner.startsWith("io/micrometer/core/instrument/")
                        && ((METER_BUILDERS.contains(simple) && name.equals("builder"))
                                || ((simple.equals("MeterRegistry") || simple.equals("Metrics"))
                                        && REGISTRY_METERS.contains(name)));
            }

            private AssertionError unreadable(String what) {
                return new AssertionError("cannot tell the name in " + where + ": " + what);
            }

            private void clear() {
                previousConstant = null;
                previousAccessorOwner = null;
                previousAccessor = null;
            }

            @Override
            public void visitInsn(int opcode) {
                clear();
            }

            @Override
            public void visitIntInsn(int opcode, int operand) {
                clear();
            }

            @Override
            public void visitVarInsn(int opcode, int varIndex) {
                clear();
            }

            @Override
            public void visitTypeInsn(int opcode, String type) {
                clear();
            }

            @Override
            public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
                clear();
            }

            @Override
            public void visitInvokeDynamicInsn(
                    String name, String descriptor, Handle bootstrapMethodHandle, Object... bootstrapMethodArguments) {
                clear();
            }

            @Override
            public void visitJumpInsn(int opcode, Label label) {
                clear();
            }

            @Override
            public void visitIincInsn(int varIndex, int increment) {
                clear();
            }
        }
    }
}
