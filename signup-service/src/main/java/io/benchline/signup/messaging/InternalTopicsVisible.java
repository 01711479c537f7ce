package io.benchline.signup.messaging;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.TopicDescription;
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
    private final int partitions;
    private final String[] topics;
    private volatile boolean running;

    /** @param partitions how many partitions each topic is declared with (more are fine) */
    InternalTopicsVisible(KafkaAdmin admin, Duration timeout, int partitions, String... topics) {
        this.admin = admin;
        this.timeout = timeout;
        this.partitions = partitions;
        this.topics = topics.clone();
    }

    @Override
    public void start() {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(topics);
                if (described.values().stream().allMatch(t -> t.partitions().size() >= partitions)) {
                    running = true;
                    return;
                }
            } catch (RuntimeException notYet) {
                log.debug("internal topics not describable yet: {}", notYet.getMessage());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the topics " + String.join(", ", topics) + " do not all have their "
                        + partitions + " partitions after " + timeout);
            }
            try {
                Thread.sleep(POLL.toMillis()); // the broker's metadata catches up with the controller's
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the internal topics", e);
            }
        }
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
