package io.benchline.signup.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.benchline.testing.KafkaTestBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Streams and the registry start only once signup's topics have the partitions they are declared with: a topic that
 * existed narrower is widened by KafkaAdmin, and a global store that assigned itself the old partitions would never
 * read the new ones.
 */
class InternalTopicsVisibleTests {

    private static final int DECLARED = 12;
    private static final Map<String, Object> BROKER =
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers());

    private static Admin admin;

    @BeforeAll
    static void connect() {
        admin = Admin.create(BROKER);
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @Test
    void aTopicThatExistedNarrowerHoldsTheStartUntilItHasItsDeclaredPartitions() throws Exception {
        String topic = narrowTopic();
        InternalTopicsVisible visible = new InternalTopicsVisible(
                new KafkaAdmin(BROKER), Duration.ofSeconds(60), List.of(new NewTopic(topic, DECLARED, (short) 1)));

        CompletableFuture<Void> started = CompletableFuture.runAsync(visible::start);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> !started.isDone());
        assertThat(visible.isRunning()).isFalse();

        admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(DECLARED)))
                .all()
                .get();
        started.get(); // returns (no exception) once the broker describes all twelve
        assertThat(visible.isRunning()).isTrue();
    }

    @Test
    void aTopicThatNeverGetsItsPartitionsFailsTheStartNamingItAndTheCount() throws Exception {
        String topic = narrowTopic();
        InternalTopicsVisible visible = new InternalTopicsVisible(
                new KafkaAdmin(BROKER), Duration.ofSeconds(1), List.of(new NewTopic(topic, DECLARED, (short) 1)));

        assertThatThrownBy(visible::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(topic)
                .hasMessageContaining("their 12 partitions");
        assertThat(visible.isRunning()).isFalse();
    }

    /** A topic with one partition, as a producer's auto-creation on a broker with default settings makes it. */
    private static String narrowTopic() throws Exception {
        String topic = "internal-topics-visible-" + UUID.randomUUID();
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        return topic;
    }
}
