package io.benchline.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.testing.KafkaTestBroker;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** "kafkaListeners" is DOWN while a started listener has not joined its group yet, UP once it has an assignment. */
@SpringBootTest(
        classes = ListenerAssignmentHealthTests.App.class,
        properties = {"spring.kafka.consumer.auto-offset-reset=earliest", "spring.application.name=readiness-tests"})
class ListenerAssignmentHealthTests {

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KafkaTestBroker::bootstrapServers);
        registry.add("readiness.group", () -> "readiness-" + UUID.randomUUID());
    }

    @Autowired
    ListenerAssignmentHealth kafkaListeners;

    @Autowired
    KafkaListenerEndpointRegistry registry;

    @Test
    void downFromStartUntilTheListenerHasJoinedItsGroup() {
        assertThat(kafkaListeners.health().getStatus())
                .as("a listener that is started on demand only does not hold readiness back")
                .isEqualTo(Status.UP);

        registry.getListenerContainer("on-demand").start();

        assertThat(kafkaListeners.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(kafkaListeners.health().getDetails().toString()).contains("on-demand");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> kafkaListeners.health().getStatus().equals(Status.UP));

        registry.getListenerContainer("on-demand").stop();
        assertThat(kafkaListeners.health().getStatus()).isEqualTo(Status.UP);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @KafkaListener(
                id = "on-demand",
                autoStartup = "false",
                groupId = "${readiness.group}",
                topics = "tenant.requested")
        void on(String ignored) {}
    }
}
