package io.benchline.deploycheck;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every {@code benchline.*} property and {@code BENCHLINE_*} environment variable that deploy/ hands a service: the
 * files compose mounts as a service's {@code application.yml} and the variables it sets, the Kustomize ConfigMaps a
 * Deployment mounts and its {@code env}, the image's {@code ENV}, the local stack's launcher
 * ({@code ServiceConfiguration}), and any {@code application*.yml} under deploy/.
 */
final class DeployedSettings {

    /** Set for any service (the image's ENV): valid when some service binds it. */
    static final String ANY_SERVICE = "*";

    /** A setting, the service it configures, and the file that sets it. */
    record Setting(String service, String key, boolean environmentVariable, String setIn) {}

    private static final Pattern ENV_NAME = Pattern.compile("\\b(BENCHLINE_[A-Z0-9_]+)=");
    private static final Pattern CASE = Pattern.compile("case\\s+\"([a-z-]+)\"\\s*->");
    /** {@code String host = "benchline.….hosts[" + index + "].";} too: an index variable stands for {@code 0}. */
    private static final Pattern PREFIX_VARIABLE = Pattern.compile(
            "String\\s+(\\w+)\\s*=\\s*\"(benchline\\.[^\"]*)\"(?:\\s*\\+\\s*\\w+\\s*\\+\\s*\"([^\"]*)\")?");

    private static final Pattern METHOD = Pattern.compile("\\n    (?:private |public )?static [\\w<>, ]+ (\\w+)\\(");
    private static final Pattern PUT = Pattern.compile("\\.put\\(\\s*(?:(\\w+)\\s*\\+\\s*)?\"([^\"]+)\"");

    private DeployedSettings() {}

    static List<Setting> all() {
        List<Setting> settings = new ArrayList<>();
        settings.addAll(compose());
        settings.addAll(kubernetes());
        settings.addAll(image());
        settings.addAll(localStack());
        for (Path yml : Repository.files("deploy", ".yml", ".yaml")) {
            if (yml.getFileName().toString().startsWith("application")) {
                settings.addAll(inYaml(serviceNamedIn(yml), yml));
            }
        }
        return settings;
    }

    /** The {@code benchline.*} keys of a YAML file, flattened as Spring does ({@code hosts[0].id}). */
    static List<Setting> inYaml(String service, Path file) {
        List<Setting> settings = new ArrayList<>();
        for (Object document : YamlFiles.documents(file)) {
            flatten("", document, key -> {
                if (key.toLowerCase(Locale.ROOT).startsWith("benchline.")) {
                    settings.add(new Setting(service, key, false, where(file)));
                }
            });
        }
        return settings;
    }

    @SuppressWarnings("unchecked")
    private static List<Setting> compose() {
        Path dir = Repository.path("deploy/compose");
        Path file = dir.resolve("compose.yaml");
        Map<String, Object> services =
                (Map<String, Object>) YamlFiles.single(file).get("services");
        List<Setting> settings = new ArrayList<>();
        services.forEach((name, definition) -> {
            if (!ServiceClasses.SERVICES.contains(name)) {
                return;
            }
            environment(YamlFiles.at(definition, "environment"))
                    .forEach(env -> settings.add(new Setting(name, env, true, Repository.relative(file))));
            for (Object volume : list(YamlFiles.at(definition, "volumes"))) {
                String[] parts = volume.toString().split(":");
                if (parts.length >= 2 && parts[1].startsWith("/etc/benchline/") && parts[0].endsWith(".yml")) {
                    settings.addAll(inYaml(name, dir.resolve(parts[0]).normalize()));
                }
            }
        });
        return settings;
    }

    /** The ConfigMaps each kustomization generates, read as the application.yml of the Deployment mounting them. */
    @SuppressWarnings("unchecked")
    private static List<Setting> kubernetes() {
        List<Setting> settings = new ArrayList<>();
        Map<String, String> serviceOfConfigMap = new HashMap<>();
        for (Path file : Repository.files("deploy/k8s", ".yaml", ".yml")) {
            for (Object document : YamlFiles.documents(file)) {
                if (!"Deployment".equals(YamlFiles.text(document, "kind"))) {
                    continue;
                }
                String service = YamlFiles.text(document, "metadata.name");
                for (Object volume : list(YamlFiles.at(document, "spec.template.spec.volumes"))) {
                    String configMap = YamlFiles.text(volume, "configMap.name");
                    if (configMap != null) {
                        serviceOfConfigMap.put(configMap, service);
                    }
                }
                for (Object container : list(YamlFiles.at(document, "spec.template.spec.containers"))) {
                    for (Object env : list(YamlFiles.at(container, "env"))) {
                        String name = YamlFiles.text(env, "name");
                        if (name.startsWith("BENCHLINE_")) {
                            settings.add(new Setting(service, name, true, Repository.relative(file)));
                        }
                    }
                }
            }
        }
        for (Path kustomization : Repository.files("deploy/k8s", "kustomization.yaml")) {
            for (Object generator : list(YamlFiles.single(kustomization).get("configMapGenerator"))) {
                String name = YamlFiles.text(generator, "name");
                String service = serviceOfConfigMap.get(name);
                if (service == null) {
                    throw new AssertionError(Repository.relative(kustomization) + " generates ConfigMap " + name
                            + ", which no Deployment mounts");
                }
                for (Object entry : list(((Map<String, Object>) generator).get("files"))) {
                    String path = entry.toString().substring(entry.toString().indexOf('=') + 1);
                    settings.addAll(inYaml(
                            service, kustomization.getParent().resolve(path).normalize()));
                }
            }
        }
        return settings;
    }

    /** {@code ENV BENCHLINE_...=} in the Dockerfile every service's image is built from. */
    private static List<Setting> image() {
        Path dockerfile = Repository.path("deploy/docker/Dockerfile");
        String text = Repository.read(dockerfile).replace("\\\n", " ");
        List<Setting> settings = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.strip().startsWith("ENV ")) {
                Matcher m = ENV_NAME.matcher(line);
                while (m.find()) {
                    settings.add(new Setting(ANY_SERVICE, m.group(1), true, Repository.relative(dockerfile)));
                }
            }
        }
        return settings;
    }

    /**
     * The launcher passes {@code p.put("benchline.…", …)} before its {@code switch} (every service) and in one
     * {@code case "<service>" ->} per service, some as {@code prefix + "id"} with a {@code String prefix =
     * "benchline.…"}; secrets go through {@code secretEnvironment.put("BENCHLINE_…", …)}.
     */
    static List<Setting> localStack() {
        Path file = Repository.path(
                "deploy/local/local-stack/src/main/java/io/benchline/localstack/" + "ServiceConfiguration.java");
        String source = Repository.read(file);
        Map<String, String> prefixes = new HashMap<>();
        Matcher variables = PREFIX_VARIABLE.matcher(source);
        while (variables.find()) {
            prefixes.put(
                    variables.group(1),
                    variables.group(3) == null ? variables.group(2) : variables.group(2) + "0" + variables.group(3));
        }
        // Methods declared after the switch (e.g. benchHost(…)) belong to the cases that call them.
        Map<String, String> helpers = new HashMap<>();
        List<Integer> declarations = new ArrayList<>();
        Matcher declaration = METHOD.matcher(source);
        while (declaration.find()) {
            declarations.add(declaration.start());
        }
        declarations.add(source.length());
        for (int i = 0; i < declarations.size() - 1; i++) {
            Matcher named = METHOD.matcher(source.substring(declarations.get(i), declarations.get(i + 1)));
            if (named.find()) {
                helpers.put(named.group(1), source.substring(declarations.get(i), declarations.get(i + 1)));
            }
        }
        List<Setting> settings = new ArrayList<>();
        Matcher cases = CASE.matcher(source);
        int start = 0;
        String service = null; // before the switch: every service
        while (true) {
            boolean more = cases.find();
            int end = more ? cases.start() : source.length();
            if (!more) {
                final int from = start;
                end = declarations.stream().filter(d -> d > from).findFirst().orElse(end);
            }
            StringBuilder section = new StringBuilder(source.substring(start, end));
            if (service != null) {
                String own = section.toString();
                helpers.forEach((name, body) -> {
                    if (own.matches("(?s).*\\b" + name + "\\(.*")) {
                        section.append(body);
                    }
                });
            }
            Matcher put = PUT.matcher(section);
            while (put.find()) {
                String key = put.group(1) == null ? put.group(2) : prefixes.get(put.group(1)) + put.group(2);
                boolean environment = key.startsWith("BENCHLINE_");
                if (environment || key.startsWith("benchline.")) {
                    for (String configured : service == null ? ServiceClasses.SERVICES : List.of(service)) {
                        settings.add(new Setting(configured, key, environment, Repository.relative(file)));
                    }
                }
            }
            if (!more) {
                return settings;
            }
            start = cases.end();
            service = cases.group(1);
        }
    }

    private static List<String> environment(Object environment) {
        List<String> names = new ArrayList<>();
        if (environment instanceof Map<?, ?> map) {
            map.keySet().forEach(k -> names.add(k.toString()));
        } else {
            list(environment).forEach(e -> names.add(e.toString().split("=", 2)[0]));
        }
        return names.stream().filter(n -> n.startsWith("BENCHLINE_")).toList();
    }

    private static void flatten(String prefix, Object node, java.util.function.Consumer<String> keys) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                String name = k.toString();
                flatten(prefix.isEmpty() ? name : name.startsWith("[") ? prefix + name : prefix + "." + name, v, keys);
            });
        } else if (node instanceof List<?> items
                && items.stream().anyMatch(i -> i instanceof Map || i instanceof List)) {
            for (int i = 0; i < items.size(); i++) {
                flatten(prefix + "[" + i + "]", items.get(i), keys);
            }
        } else if (!prefix.isEmpty()) {
            keys.accept(prefix);
        }
    }

    private static String where(Path file) {
        return file.startsWith(Repository.ROOT) ? Repository.relative(file) : file.toString();
    }

    private static String serviceNamedIn(Path file) {
        String path = Repository.relative(file);
        return ServiceClasses.SERVICES.stream()
                .filter(path::contains)
                .findFirst()
                .orElse(ANY_SERVICE);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }
}
