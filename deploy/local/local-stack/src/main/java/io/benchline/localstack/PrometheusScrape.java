package io.benchline.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One read of a service's {@code /actuator/prometheus} (text format), as Prometheus would scrape it: the samples
 * with their labels. How the benchmark and the tests watch the provisioner's pool without reaching into it.
 */
record PrometheusScrape(List<Sample> samples) {

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    record Sample(String name, Map<String, String> labels, double value) {}

    /** Scrapes {@code service} of {@code stack}; an unreachable or failing endpoint is an exception. */
    static PrometheusScrape of(LocalStack stack, String service) {
        URI uri = URI.create("http://127.0.0.1:" + stack.managementPort(service) + "/actuator/prometheus");
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + response.statusCode());
            }
            return parse(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot scrape " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scraping " + uri, e);
        }
    }

    static PrometheusScrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.find()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher label = LABEL.matcher(m.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
        return new PrometheusScrape(List.copyOf(samples));
    }

    /** The samples of metric {@code name} whose labels include all of {@code labels}. */
    List<Sample> find(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name))
                .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
                .toList();
    }

    /** Sum over the matching series; 0 when there is none (a counter not yet incremented). */
    double sum(String name, Map<String, String> labels) {
        return find(name, labels).stream().mapToDouble(Sample::value).sum();
    }

    /**
     * The upper bound (seconds) of the histogram bucket that holds quantile {@code q} of the observations made
     * between {@code earlier} and this scrape ({@code <name>_bucket} series, as Prometheus' histogram_quantile reads
     * them, without interpolation); NaN when nothing was observed.
     */
    double quantileSince(PrometheusScrape earlier, String name, double q) {
        TreeMap<Double, Double> counts = buckets(name);
        earlier.buckets(name).forEach((bound, before) -> counts.computeIfPresent(bound, (b, now) -> now - before));
        double total = counts.isEmpty() ? 0 : counts.lastEntry().getValue();
        if (total <= 0) {
            return Double.NaN;
        }
        for (Map.Entry<Double, Double> bucket : counts.entrySet()) {
            if (bucket.getValue() >= q * total) {
                return bucket.getKey();
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** Histogram {@code name}'s cumulative counts by upper bound (seconds), summed over its series. */
    private TreeMap<Double, Double> buckets(String name) {
        TreeMap<Double, Double> counts = new TreeMap<>();
        for (Sample sample : find(name + "_bucket", Map.of())) {
            String le = sample.labels().get("le");
            double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
            counts.merge(bound, sample.value(), Double::sum);
        }
        return counts;
    }

    boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }
}
