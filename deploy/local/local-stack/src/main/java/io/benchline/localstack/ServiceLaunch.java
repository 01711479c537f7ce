package io.benchline.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to start one Benchline service as a JVM of its own: its jar ({@link ExtractedJar}), small-heap JVM flags for a
 * 2-core laptop, and its configuration as Spring Boot command-line properties (which win over the jar's
 * application.yml).
 * Secrets never go on the command line (other users of the machine can read it): they travel in
 * {@code secretEnvironment}, or as files.
 */
record ServiceLaunch(
        String name, Path jar, int port, Map<String, String> properties, Map<String, String> secretEnvironment) {

    /** Serial GC and a small heap: four services plus Kafka must fit a laptop next to a browser. */
    private static final List<String> JVM_FLAGS =
            List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1");

    List<String> command(String java) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(JVM_FLAGS);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        return command;
    }

    ServiceLaunch with(Map<String, String> changedProperties) {
        Map<String, String> merged = new LinkedHashMap<>(properties);
        merged.putAll(changedProperties);
        return new ServiceLaunch(name, jar, port, merged, secretEnvironment);
    }
}
