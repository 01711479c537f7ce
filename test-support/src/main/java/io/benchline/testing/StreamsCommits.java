package io.benchline.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * A Kafka Streams application's commits, read from its {@code stream-thread-metrics commit-total}: what the tests of
 * an app that must not commit while idle wait on (under exactly-once each commit is a transaction). Takes the
 * metrics ({@code KafkaStreams::metrics}), so test-support needs no Kafka Streams dependency.
 */
public final class StreamsCommits {

    private StreamsCommits() {}

    /** Waits until the commit count of every stream thread has not moved for {@code quiet}. */
    public static void awaitNoCommitFor(Supplier<Map<MetricName, ? extends Metric>> metrics, Duration quiet) {
        AtomicLong last = new AtomicLong(-1);
        await().during(quiet).atMost(quiet.multipliedBy(5)).until(() -> {
            long commits = total(metrics.get());
            return last.getAndSet(commits) == commits;
        });
    }

    static long total(Map<MetricName, ? extends Metric> metrics) {
        return metrics.values().stream()
                .filter(m -> m.metricName().group().equals("stream-thread-metrics")
                        && m.metricName().name().equals("commit-total"))
                .map(Metric::metricValue)
                .mapToLong(v -> ((Number) v).longValue())
                .sum();
    }
}
