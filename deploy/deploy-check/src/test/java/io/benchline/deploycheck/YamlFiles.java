package io.benchline.deploycheck;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** Reads YAML files as plain maps and lists; a parse error names the file. */
final class YamlFiles {

    private YamlFiles() {}

    /** Every document of the file (a multi-document file gives several), empty documents dropped. */
    static List<Object> documents(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<Object> documents = new ArrayList<>();
        try {
            for (Object document : new Yaml(options).loadAll(Repository.read(file))) {
                if (document != null) {
                    documents.add(document);
                }
            }
        } catch (RuntimeException e) {
            throw new AssertionError(Repository.relative(file) + " is not valid YAML: " + e.getMessage(), e);
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> single(Path file) {
        List<Object> documents = documents(file);
        if (documents.size() != 1 || !(documents.get(0) instanceof Map)) {
            throw new AssertionError(Repository.relative(file) + " should hold exactly one YAML mapping");
        }
        return (Map<String, Object>) documents.get(0);
    }

    /** The value at a dotted path of nested maps ({@code spec.replicas}), or null. */
    @SuppressWarnings("unchecked")
    static Object at(Object node, String dottedPath) {
        Object current = node;
        for (String key : dottedPath.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = ((Map<String, Object>) map).get(key);
        }
        return current;
    }

    static String text(Object node, String dottedPath) {
        Object value = at(node, dottedPath);
        return value == null ? null : Objects.toString(value);
    }
}
