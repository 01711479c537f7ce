package io.benchline.signup.messaging;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Holds Kafka Streams and the subdomain registry back until the broker describes signup's internal topics with all
 * the partitions they are declared with. On a fresh cluster KafkaAdmin creates them moments before: a global store
 * that finds "no partitions available" kills the global thread and with it the whole application (seen on every fresh
 * local stack), and a registry that assigned itself no decision partitions would leave every claim unanswered. A
 * topic that existed with fewer partitions (made by hand, or auto-created by a producer) is widened by KafkaAdmin at
 * start, and the broker shows the new partitions moments later: the global stores and the registry assign their
 * partitions once, so one that started before would never read the new ones (a CI run's status view showed no signup
 * of the stack at all). Starts in an earlier phase than both.
 */
final class InternalTopicsVisible implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InternalTopicsVisible.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaAdmin admin;
    private final Duration timeout;
    /** Partitions per topic, as declared to KafkaAdmin (more are fine). */
    private final Map<String, Integer> declared = new LinkedHashMap<>();

    private volatile boolean running;

    /** @param topics the topics as declared to KafkaAdmin: their names and partition counts */
    InternalTopicsVisible(KafkaAdmin admin, Duration timeout, Collection<NewTopic> topics) {
        this.admin = admin;
        this.timeout = timeout;
        topics.forEach(topic -> declared.put(topic.name(), topic.numPartitions()));
    }

    @Override
    public void start() {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Integer> shown = Map.of();
        while (true) {
            try {
                shown = admin.describeTopics(declared.keySet().toArray(String[]::new)).entrySet().stream()
                        .collect(Collectors.toMap(
                                Map.Entry::getKey,
                                e -> e.getValue().partitions().size()));
                if (shortOfDeclared(shown).isEmpty()) {
                    running = true;
                    return;
                }
            } catch (RuntimeException notYet) {
                log.debug("internal topics not describable yet: {}", notYet.getMessage());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("after " + timeout + ", topics short of their declared partitions: "
                        + String.join(", ", shortOfDeclared(shown)));
            }
            try {
                Thread.sleep(POLL.toMillis()); // the broker's metadata catches up with the controller's
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the internal topics", e);
            }
        }
    }

    /** Each declared topic the broker shows with fewer partitions than declared, with both counts. */
    private List<String> shortOfDeclared(Map<String, Integer> shown) {
        return declared.entrySet().stream()
                .filter(e -> shown.getOrDefault(e.getKey(), 0) < e.getValue())
                .map(e -> e.getKey() + " (" + shown.getOrDefault(e.getKey(), 0) + " of their " + e.getValue()
                        + " partitions)")
                .toList();
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before {@code StreamsBuilderFactoryBean} ({@code Integer.MAX_VALUE - 1000}) and the registry (default phase). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2000;
    }
}
