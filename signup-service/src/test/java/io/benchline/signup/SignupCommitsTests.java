package io.benchline.signup;

import static io.benchline.signup.SignupServiceIntegrationTests.requested;
import static io.benchline.signup.SignupServiceIntegrationTests.uniqueSubdomain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.FailureReason;
import io.benchline.events.FailureStage;
import io.benchline.events.ProvisioningFailed;
import io.benchline.schemas.AvroEventDeserializer;
import io.benchline.schemas.Topic;
import io.benchline.testing.KafkaTestBroker;
import io.benchline.testing.StreamsCommits;
import io.benchline.testing.TopicDump;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * signup-service commits when it has something to commit: every commit under exactly-once is a transaction that
 * writes an offset for each input partition its tasks consumed, so an idle instance must not commit (Kafka Streams
 * commits a task after each of its punctuations: the status check runs only when a deadline, window, retry expiry
 * or quarantine is due). The instance runs with a 50 ms commit interval and a 200 ms deadline-sweep-interval.
 */
class SignupCommitsTests {

    /** Fifteen sweep intervals: a check on any of the 12 tasks in that time commits it. */
    private static final Duration QUIET = Duration.ofSeconds(3);

    @TempDir
    static Path state;

    @AutoClose
    private static SignupInstance signup;

    @BeforeAll
    static void start() {
        signup = SignupInstance.start(state, Map.of());
    }

    @Test
    void commitsNothingWhileIdleAndStillTimesOutASignupPastItsDeadline() {
        awaitNoCommitFor(QUIET);

        UUID tenantId = UUID.randomUUID();
        signup.publish(
                requested(tenantId, uniqueSubdomain("quiet"), Instant.now().plusMillis(300)));
        // No sweep runs on its own any more: the deadline (+ 500 ms grace) planned the check that times it out.
        await().atMost(Duration.ofSeconds(20)).until(() -> !failuresOf(tenantId).isEmpty());
        ProvisioningFailed timeout = failuresOf(tenantId).get(0);
        assertThat(timeout.getStage()).isEqualTo(FailureStage.TIMEOUT);
        assertThat(timeout.getReason()).isEqualTo(FailureReason.DEADLINE_EXCEEDED);

        // What is left due (the failed request's retry expiry) is a day away: idle again.
        awaitNoCommitFor(QUIET);
        assertThat(failuresOf(tenantId)).hasSize(1);
    }

    private static void awaitNoCommitFor(Duration quiet) {
        StreamsCommits.awaitNoCommitFor(
                () -> signup.bean(StreamsBuilderFactoryBean.class)
                        .getKafkaStreams()
                        .metrics(),
                quiet);
    }

    private static List<ProvisioningFailed> failuresOf(UUID tenantId) {
        AvroEventDeserializer avro = new AvroEventDeserializer();
        String topic = Topic.PROVISIONING_FAILED.topicName();
        return TopicDump.of(KafkaTestBroker.bootstrapServers(), topic).stream()
                .map(r -> (ProvisioningFailed) avro.deserialize(topic, r.value()))
                .filter(f -> f.getTenantId().equals(tenantId))
                .toList();
    }
}
