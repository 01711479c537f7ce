package io.benchline.deploycheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code benchline.*} keys one service binds, from the {@code META-INF/spring-configuration-metadata.json} that
 * the configuration processor wrote for the platform and the service at compile time. Keys are compared as Spring
 * binds them (relaxed: {@code site-url-template}, {@code siteUrlTemplate} and {@code SITE_URL_TEMPLATE} are one key).
 * The processor lists a {@code List} or {@code Map} property without its elements, so below such a property the
 * element type is read from the compiled record ({@code hosts[0].ssh-host} is checked against
 * {@code ProvisionerProperties.Host}; a map key must be a constant of an enum-typed key).
 */
final class ConfigurationMetadata {

    static final String METADATA = "target/classes/META-INF/spring-configuration-metadata.json";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    private static final Set<String> MAPS = Set.of(
            "java.util.Map",
            "java.util.HashMap",
            "java.util.LinkedHashMap",
            "java.util.TreeMap",
            "java.util.SortedMap");
    private static final Set<String> COLLECTIONS =
            Set.of("java.util.List", "java.util.ArrayList", "java.util.Set", "java.util.Collection", "[]");
    private static final Set<String> SPRING_SCALARS = Set.of(
            "org.springframework.util.unit.DataSize",
            "org.springframework.util.unit.DataUnit",
            "org.springframework.core.io.Resource");

    private final String service;
    private final Node root = new Node("");
    private final Map<String, JsonNode> properties = new LinkedHashMap<>();
    private final Set<String> placeholders = new TreeSet<>();
    private final ClassLoader classes;

    private ConfigurationMetadata(String service, List<Path> modules) {
        this.service = service;
        List<URL> urls = new ArrayList<>();
        for (Path module : modules) {
            Path metadata = module.resolve(METADATA);
            if (!Files.isRegularFile(metadata)) {
                throw new AssertionError("no " + Repository.relative(metadata) + ": build the module first (the"
                        + " reactor builds it before deploy-check: mvn -pl deploy/deploy-check -am verify)");
            }
            JsonNode json = JsonMapper.builder().build().readTree(Repository.read(metadata));
            for (JsonNode property : json.path("properties")) {
                String name = property.path("name").asString();
                properties.put(name, property);
                Node node = root;
                for (String element : name.split("\\.")) {
                    node = node.children.computeIfAbsent(uniform(element), k -> new Node(element));
                }
                node.type = TypeRef.parse(property.path("type").asString("java.lang.Object"));
            }
            urls.add(url(module.resolve("target/classes")));
            Path resources = module.resolve("src/main/resources");
            List<Path> ymls = Files.isDirectory(resources)
                    ? Repository.files(Repository.relative(resources), ".yml", ".yaml")
                    : List.of();
            for (Path yml : ymls) {
                Matcher m = PLACEHOLDER.matcher(Repository.read(yml));
                while (m.find()) {
                    placeholders.add(m.group(1));
                }
            }
        }
        this.classes = new URLClassLoader(urls.toArray(URL[]::new), ConfigurationMetadata.class.getClassLoader());
    }

    /** What {@code service} binds: the platform's properties and its own. */
    static ConfigurationMetadata of(String service) {
        return new ConfigurationMetadata(service, List.of(Repository.path("platform"), Repository.path(service)));
    }

    /** The default the properties record gives {@code key} (kebab-case, e.g. {@code benchline.x.new-site-timeout}). */
    Optional<String> defaultValue(String key) {
        return Optional.ofNullable(properties.get(key))
                .map(p -> p.path("defaultValue"))
                .filter(JsonNode::isValueNode)
                .map(JsonNode::asString);
    }

    /** The kebab-case key a properties record's accessor binds, e.g. {@code ledgerTopic()} of its sourceType. */
    Optional<String> keyOf(String recordClass, String accessor) {
        return properties.values().stream()
                .filter(p -> recordClass.equals(p.path("sourceType").asString()))
                .map(p -> p.path("name").asString())
                .filter(name ->
                        uniform(name.substring(name.lastIndexOf('.') + 1)).equals(uniform(accessor)))
                .findFirst();
    }

    /** Why {@code key} (a property name as a file or the command line writes it) is not bound; empty if it is. */
    Optional<String> problemWith(String key) {
        List<Element> elements = Element.parse(key);
        Node node = root;
        for (int i = 0; i < elements.size(); i++) {
            if (node.type != null) {
                return problemWith(node.type, elements.subList(i, elements.size()), key);
            }
            Element element = elements.get(i);
            Node child = element.bracketed() ? null : node.children.get(uniform(element.text()));
            if (child == null) {
                String known = node.children.values().stream().map(n -> n.name).collect(Collectors.joining(", "));
                return Optional.of(key + ": no property '" + element.text() + "' here (known: " + known + ")");
            }
            node = child;
        }
        return node.type != null ? Optional.empty() : Optional.of(key + ": a group of properties, not a property");
    }

    /** Whether an environment variable such as {@code BENCHLINE_SIGNUP_STREAM_ACCESS_TOKEN_KEY} binds or is used. */
    Optional<String> problemWithEnvironmentVariable(String name) {
        if (placeholders.contains(name)) {
            return Optional.empty();
        }
        List<String> tokens = Arrays.asList(name.toUpperCase(Locale.ROOT).split("_"));
        return bindsFromEnvironment(root, tokens, 0)
                ? Optional.empty()
                : Optional.of(name + ": binds no property of " + service + " and is no placeholder of its"
                        + " application.yml");
    }

    private Optional<String> problemWith(TypeRef type, List<Element> rest, String key) {
        if (rest.isEmpty()) {
            return Optional.empty();
        }
        Element next = rest.get(0);
        switch (kindOf(type)) {
            case MAP -> {
                TypeRef value = type.arg(1);
                if (kindOf(value) == Kind.SCALAR) {
                    return Optional.empty(); // the rest, dots included, is the map key
                }
                if (!isKey(type.arg(0), next.text())) {
                    return Optional.of(key + ": '" + next.text() + "' is none of " + constants(type.arg(0)));
                }
                return problemWith(value, rest.subList(1, rest.size()), key);
            }
            case COLLECTION -> {
                if (!next.text().matches("\\d+")) {
                    return Optional.of(key + ": '" + next.text() + "' where a list index belongs");
                }
                return problemWith(type.arg(0), rest.subList(1, rest.size()), key);
            }
            case SCALAR -> {
                return Optional.of(key + ": '" + next.text() + "' below a " + type.raw() + " value");
            }
            case RECORD -> {
                for (RecordComponent component : load(type).getRecordComponents()) {
                    if (!next.bracketed() && uniform(component.getName()).equals(uniform(next.text()))) {
                        return problemWith(TypeRef.of(component.getGenericType()), rest.subList(1, rest.size()), key);
                    }
                }
                return Optional.of(key + ": no property '" + next.text() + "' in " + type.raw() + " (known: "
                        + Arrays.stream(load(type).getRecordComponents())
                                .map(c -> kebab(c.getName()))
                                .collect(Collectors.joining(", "))
                        + ")");
            }
            default -> {
                return Optional.empty(); // a bean this check does not look into
            }
        }
    }

    /** One property name element may take several tokens: STREAM_ACCESS and STREAMACCESS both bind stream-access. */
    private boolean bindsFromEnvironment(Node node, List<String> tokens, int from) {
        if (node.type != null) {
            return bindsFromEnvironment(node.type, tokens, from);
        }
        for (Map.Entry<String, Node> child : node.children.entrySet()) {
            for (int to = from + 1; to <= tokens.size(); to++) {
                if (isEnvironmentForm(tokens.subList(from, to), child.getValue().name)
                        && bindsFromEnvironment(child.getValue(), tokens, to)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean bindsFromEnvironment(TypeRef type, List<String> tokens, int from) {
        if (from == tokens.size()) {
            return true;
        }
        switch (kindOf(type)) {
            case MAP -> {
                if (kindOf(type.arg(1)) == Kind.SCALAR) {
                    return true;
                }
                for (int to = from + 1; to < tokens.size(); to++) {
                    if (isKey(type.arg(0), String.join("_", tokens.subList(from, to)))
                            && bindsFromEnvironment(type.arg(1), tokens, to)) {
                        return true;
                    }
                }
                return false;
            }
            case COLLECTION -> {
                return tokens.get(from).matches("\\d+") && bindsFromEnvironment(type.arg(0), tokens, from + 1);
            }
            case SCALAR -> {
                return false;
            }
            case RECORD -> {
                for (RecordComponent component : load(type).getRecordComponents()) {
                    for (int to = from + 1; to <= tokens.size(); to++) {
                        if (isEnvironmentForm(tokens.subList(from, to), kebab(component.getName()))
                                && bindsFromEnvironment(TypeRef.of(component.getGenericType()), tokens, to)) {
                            return true;
                        }
                    }
                }
                return false;
            }
            default -> {
                return true;
            }
        }
    }

    /**
     * Spring looks a name element up in the environment in two forms: dashes dropped ({@code STREAMACCESS}, one
     * token) or dashes as underscores ({@code STREAM_ACCESS}); a mix of both binds nothing.
     */
    private static boolean isEnvironmentForm(List<String> tokens, String element) {
        String kebab = element.toUpperCase(Locale.ROOT);
        return (tokens.size() == 1 && tokens.get(0).equals(kebab.replace("-", "")))
                || String.join("_", tokens).equals(kebab.replace('-', '_'));
    }

    private boolean isKey(TypeRef keyType, String key) {
        Class<?> type = load(keyType);
        if (type == null || !type.isEnum()) {
            return true;
        }
        return enumConstants(type).stream().anyMatch(c -> uniform(c).equals(uniform(key)));
    }

    private String constants(TypeRef keyType) {
        return enumConstants(load(keyType)).stream()
                .map(c -> c.toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", "));
    }

    /** The constants' names, read without initializing the enum (an Avro enum would start logging). */
    private static List<String> enumConstants(Class<?> type) {
        return Arrays.stream(type.getDeclaredFields())
                .filter(java.lang.reflect.Field::isEnumConstant)
                .map(java.lang.reflect.Field::getName)
                .toList();
    }

    private enum Kind {
        MAP,
        COLLECTION,
        SCALAR,
        RECORD,
        OTHER
    }

    private Kind kindOf(TypeRef type) {
        if (MAPS.contains(type.raw())) {
            return Kind.MAP;
        }
        if (COLLECTIONS.contains(type.raw())) {
            return Kind.COLLECTION;
        }
        if (type.raw().startsWith("java.") || !type.raw().contains(".") || SPRING_SCALARS.contains(type.raw())) {
            return Kind.SCALAR;
        }
        Class<?> loaded = load(type);
        if (loaded == null) {
            return Kind.OTHER;
        }
        return loaded.isEnum() ? Kind.SCALAR : loaded.isRecord() ? Kind.RECORD : Kind.OTHER;
    }

    private Class<?> load(TypeRef type) {
        try {
            return Class.forName(type.raw(), false, classes);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** Spring's uniform form of a name element: lower-case letters and digits only. */
    static String uniform(String element) {
        return element.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    private static final class Node {
        final String name;
        final Map<String, Node> children = new LinkedHashMap<>();
        TypeRef type;

        Node(String name) {
            this.name = name;
        }
    }

    /** A name element: {@code hosts}, or the {@code 0} of {@code [0]} and the {@code *.localhost} of a map key. */
    record Element(String text, boolean bracketed) {

        static List<Element> parse(String key) {
            List<Element> elements = new ArrayList<>();
            int i = 0;
            while (i < key.length()) {
                char c = key.charAt(i);
                if (c == '.') {
                    i++;
                } else if (c == '[') {
                    int end = key.indexOf(']', i);
                    if (end < 0) {
                        throw new IllegalArgumentException("unclosed [ in " + key);
                    }
                    elements.add(new Element(key.substring(i + 1, end), true));
                    i = end + 1;
                } else {
                    int end = i;
                    while (end < key.length() && key.charAt(end) != '.' && key.charAt(end) != '[') {
                        end++;
                    }
                    elements.add(new Element(key.substring(i, end), false));
                    i = end;
                }
            }
            return elements;
        }
    }

    /** A property's type as the metadata writes it ({@code java.util.Map<K,V>}) or reflection gives it. */
    record TypeRef(String raw, List<TypeRef> args) {

        TypeRef arg(int index) {
            return index < args.size() ? args.get(index) : new TypeRef("java.lang.Object", List.of());
        }

        static TypeRef parse(String text) {
            int open = text.indexOf('<');
            if (open < 0) {
                return text.endsWith("[]")
                        ? new TypeRef("[]", List.of(parse(text.substring(0, text.length() - 2))))
                        : new TypeRef(text.strip(), List.of());
            }
            List<TypeRef> args = new ArrayList<>();
            int depth = 0;
            int start = open + 1;
            for (int i = start; i < text.length() - 1; i++) {
                char c = text.charAt(i);
                if (c == '<') {
                    depth++;
                } else if (c == '>') {
                    depth--;
                } else if (c == ',' && depth == 0) {
                    args.add(parse(text.substring(start, i)));
                    start = i + 1;
                }
            }
            args.add(parse(text.substring(start, text.length() - 1)));
            return new TypeRef(text.substring(0, open).strip(), args);
        }

        static TypeRef of(Type type) {
            if (type instanceof Class<?> c) {
                return c.isArray()
                        ? new TypeRef("[]", List.of(of(c.getComponentType())))
                        : new TypeRef(c.getName(), List.of());
            }
            if (type instanceof ParameterizedType p) {
                return new TypeRef(
                        ((Class<?>) p.getRawType()).getName(),
                        Arrays.stream(p.getActualTypeArguments())
                                .map(TypeRef::of)
                                .toList());
            }
            if (type instanceof GenericArrayType a) {
                return new TypeRef("[]", List.of(of(a.getGenericComponentType())));
            }
            if (type instanceof WildcardType w) {
                return of(w.getUpperBounds()[0]);
            }
            return new TypeRef("java.lang.Object", List.of());
        }
    }
}
