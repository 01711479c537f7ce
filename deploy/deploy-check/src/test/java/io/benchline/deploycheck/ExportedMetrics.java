package io.benchline.deploycheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The metric names the services export. From live scrapes when the end-to-end tests wrote them (a folder of
 * {@code /actuator/prometheus} texts named by the system property {@code benchline.metrics.scrapes}), otherwise from
 * {@code deploy/prometheus/exported-metrics.txt}, which is kept by reading the services' code.
 */
final class ExportedMetrics {

    static final Path CATALOGUE = Repository.path("deploy/prometheus/exported-metrics.txt");

    /** Series Prometheus makes itself for every target. */
    static final Set<String> PROMETHEUS_OWN = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");

    private ExportedMetrics() {}

    static Set<String> names() {
        String scrapes = System.getProperty("benchline.metrics.scrapes", "");
        return scrapes.isBlank() ? fromCatalogue() : fromScrapes(Path.of(scrapes));
    }

    static Set<String> fromCatalogue() {
        Set<String> names = new TreeSet<>();
        for (String line : Repository.read(CATALOGUE).split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                names.add(trimmed.split("\\s+")[0]);
            }
        }
        return names;
    }

    /** Every sample name in the exposition-format files of the folder (lines not starting with '#'). */
    static Set<String> fromScrapes(Path folder) {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        names.add(line.split("[{\\s]", 2)[0]);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scrapes in " + folder, e);
        }
        if (names.isEmpty()) {
            throw new AssertionError("no samples in the scrapes of " + folder);
        }
        return names;
    }
}
