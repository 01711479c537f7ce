package io.benchline.localstack;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.management.ObjectName;

/**
 * How many requests of each kind the broker answered, from its own {@code kafka.network:type=RequestMetrics,
 * name=RequestsPerSec} counters: the broker's CPU goes per request more than per record, so the benchmark reports
 * requests per signup beside records per signup. Read through the JDK's attach API ({@link AttachedJvm}).
 */
final class BrokerRequests {

    private static final String REQUESTS = "kafka.network:type=RequestMetrics,name=RequestsPerSec,*";
    /** The broker counts each fetch twice: as {@code Fetch} and as one of these. */
    private static final Set<String> FETCH_PARTS = Set.of("FetchConsumer", "FetchFollower");

    private BrokerRequests() {}

    /**
     * Requests answered so far by kind ({@code Produce}, {@code FetchConsumer}, …).
     *
     * @throws IllegalStateException when the broker's JVM cannot be attached to or read
     */
    static Map<String, Long> count(long brokerPid) {
        try {
            return AttachedJvm.read(brokerPid, server -> {
                Map<String, Long> counts = new TreeMap<>();
                for (ObjectName name : server.queryNames(new ObjectName(REQUESTS), null)) {
                    long count = ((Number) server.getAttribute(name, "Count")).longValue();
                    counts.merge(name.getKeyProperty("request"), count, Long::sum);
                }
                return counts;
            });
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot read the broker's request counters (pid " + brokerPid + "): " + e, e);
        }
    }

    /** Requests per completed signup by kind, most first, and their sum. */
    static String report(Map<String, Long> before, Map<String, Long> after, int signups) {
        if (after.isEmpty()) {
            return "broker requests per signup: not counted (the stack runs on a broker it did not start)"
                    + System.lineSeparator();
        }
        if (signups == 0) {
            return "";
        }
        StringBuilder out = new StringBuilder(String.format(
                "broker requests per signup, by kind (its RequestsPerSec counters; %d completed signups)%n", signups));
        long total = 0;
        List<Map.Entry<String, Long>> deltas = after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .toList();
        for (Map.Entry<String, Long> delta : deltas) {
            boolean partOfFetch = FETCH_PARTS.contains(delta.getKey());
            if (!partOfFetch) {
                total += delta.getValue();
            }
            out.append(String.format(
                    "  %-40s %8.1f %10d%s%n",
                    delta.getKey(),
                    (double) delta.getValue() / signups,
                    delta.getValue(),
                    partOfFetch ? "  (of Fetch)" : ""));
        }
        out.append(String.format("  %-40s %8.1f %10d%n", "all requests", (double) total / signups, total));
        return out.toString();
    }
}
