package io.benchline.deploycheck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the services' production code says about topics and meters, read from their sources. It understands the
 * forms the services use: {@code TopicBuilder.name("literal" | CONSTANT | Type.CONSTANT | properties.someTopic())}
 * with the name in a {@code static final String} or a {@code @DefaultValue}, and state stores added with
 * {@code addStateStore(...)}. A form it does not understand fails loudly instead of being skipped.
 */
final class ServiceSources {

    static final List<String> SERVICES =
            List.of("signup-service", "provisioner-service", "verifier-service", "user-service");

    /** An internal topic the code declares, whether it is compacted, and the file that declares it. */
    record DeclaredTopic(String name, boolean compacted, String declaredIn) {}

    private static final Pattern TOPIC_BUILDER = Pattern.compile("TopicBuilder\\.name\\(\\s*([^)]*?\\)?)\\s*\\)");
    private static final Pattern STATE_STORE =
            Pattern.compile("addStateStore\\([^;]*?persistentKeyValueStore\\(\\s*([\\w.\"-]+)\\s*\\)[^;]*;");
    private static final Pattern METER = Pattern.compile(
            "(?:(?:Counter|Timer|Gauge|DistributionSummary|LongTaskTimer|FunctionCounter|FunctionTimer)\\.builder"
                    + "|\\.(?:gauge|counter|timer|summary)|@Timed)\\(\\s*(?:value\\s*=\\s*)?\"([a-z][\\w.]*)\"");
    /** Kafka Streams DSL operations that create repartition or changelog topics this class cannot name. */
    private static final Pattern STREAMS_DSL_TOPICS =
            Pattern.compile("\\bMaterialized\\b|\\.groupBy(Key)?\\(|\\.toTable\\(|\\.repartition\\(|\\bKTable\\b");

    private ServiceSources() {}

    static List<Path> mainSources(String service) {
        Path root = Repository.path(service + "/src/main/java");
        return Files.isDirectory(root) ? Repository.files(service + "/src/main/java", ".java") : List.of();
    }

    /** Topics declared with TopicBuilder in the service's code (the platform declares the catalogue's). */
    static List<DeclaredTopic> declaredTopics(String service) {
        List<DeclaredTopic> topics = new ArrayList<>();
        for (Path file : mainSources(service)) {
            String source = Repository.read(file);
            Matcher m = TOPIC_BUILDER.matcher(source);
            while (m.find()) {
                String statement = statementFrom(source, m.start());
                String name = resolve(service, file, m.group(1).strip());
                boolean compacted = statement.contains(".compact()") || statement.contains("CLEANUP_POLICY_COMPACT");
                topics.add(new DeclaredTopic(name, compacted, Repository.relative(file)));
            }
        }
        return topics;
    }

    /** Changelog topics of the Kafka Streams state stores: {@code <application.id>-<store>-changelog}. */
    static List<DeclaredTopic> streamsChangelogs(String service) {
        List<DeclaredTopic> topics = new ArrayList<>();
        for (Path file : mainSources(service)) {
            String source = Repository.read(file);
            if (!source.contains("org.apache.kafka.streams")) {
                continue;
            }
            Matcher dsl = STREAMS_DSL_TOPICS.matcher(source);
            if (dsl.find()) {
                throw new AssertionError(Repository.relative(file) + " uses '" + dsl.group()
                        + "', which makes Kafka Streams create internal topics: declare them in deploy/k8s/base/"
                        + "kafka-topics.yaml and teach ServiceSources their names");
            }
            Matcher m = STATE_STORE.matcher(source);
            while (m.find()) {
                if (!m.group().contains("withLoggingDisabled")) {
                    String store = resolve(service, file, m.group(1));
                    topics.add(new DeclaredTopic(
                            streamsApplicationId(service) + "-" + store + "-changelog",
                            true,
                            Repository.relative(file)));
                }
            }
        }
        return topics;
    }

    /** Meter names registered in the service's code, as Micrometer names ({@code provisioner.slots.busy}). */
    static List<String> meterNames(String service) {
        List<String> names = new ArrayList<>();
        for (Path file : mainSources(service)) {
            Matcher m = METER.matcher(Repository.read(file));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    static String streamsApplicationId(String service) {
        Map<String, Object> yml = YamlFiles.single(Repository.path(service + "/src/main/resources/application.yml"));
        String id = YamlFiles.text(yml, "spring.kafka.streams.application-id");
        if (id == null) {
            throw new AssertionError(service + " uses Kafka Streams but sets no spring.kafka.streams.application-id");
        }
        return id;
    }

    private static String statementFrom(String source, int start) {
        int end = source.indexOf(';', start);
        int next = source.indexOf("TopicBuilder.name(", start + 1);
        if (next >= 0 && next < end) {
            end = next;
        }
        return source.substring(start, end < 0 ? source.length() : end);
    }

    /** A literal, a String constant ({@code NAME} or {@code Type.NAME}) or a properties accessor with a default. */
    private static String resolve(String service, Path file, String argument) {
        if (argument.startsWith("\"") && argument.endsWith("\"")) {
            return argument.substring(1, argument.length() - 1);
        }
        if (argument.endsWith("()")) {
            String accessor = argument.substring(argument.lastIndexOf('.') + 1, argument.length() - 2);
            Pattern defaulted = Pattern.compile(
                    "@DefaultValue\\(\"([^\"]+)\"\\)[^,)]*?\\bString\\s+" + Pattern.quote(accessor) + "\\b");
            return find(service, null, defaulted)
                    .orElseThrow(() -> unresolved(file, argument, "no @DefaultValue String " + accessor));
        }
        String[] parts = argument.split("\\.");
        String constant = parts[parts.length - 1];
        String type = parts.length > 1 ? parts[parts.length - 2] : null;
        Pattern declaration = Pattern.compile("String\\s+" + Pattern.quote(constant) + "\\s*=\\s*\"([^\"]+)\"");
        Optional<String> sameFile = type == null ? match(Repository.read(file), declaration) : Optional.empty();
        return sameFile.or(() -> find(service, type, declaration))
                .orElseThrow(() -> unresolved(file, argument, "no String constant " + argument));
    }

    private static Optional<String> find(String service, String type, Pattern pattern) {
        return mainSources(service).stream()
                .filter(f -> type == null || f.getFileName().toString().equals(type + ".java"))
                .map(f -> match(Repository.read(f), pattern))
                .flatMap(Optional::stream)
                .findFirst();
    }

    private static Optional<String> match(String source, Pattern pattern) {
        Matcher m = pattern.matcher(source);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static AssertionError unresolved(Path file, String argument, String why) {
        return new AssertionError("cannot tell the topic or store name '" + argument + "' in "
                + Repository.relative(file) + " (" + why + ")");
    }
}
