package io.benchline.operator.lifecycle;

import static org.awaitility.Awaitility.await;

import io.benchline.testing.RunningService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/** One running lifecycle on the test broker, with its own state directory and fast clocks. */
final class LifecycleInstance implements AutoCloseable {

    private final RunningService service;

    private LifecycleInstance(RunningService service) {
        this.service = service;
    }

    /** Starts the lifecycle, with {@code extraConfiguration} classes beside it if any. */
    static LifecycleInstance start(Path stateDir, Class<?>... extraConfiguration) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.main.web-application-type", "none");
        properties.put("spring.kafka.streams.state-dir", stateDir.toString());
        properties.put("spring.kafka.streams.properties.session.timeout.ms", "6000");
        properties.put("spring.kafka.streams.properties.commit.interval.ms", "50");
        properties.put("benchline.operator.lifecycle.check-interval", "200ms");
        properties.put("logging.level.org.apache.kafka", "WARN");
        // Only the lifecycle runs here: the API view (and its readiness contributor) is not part of this context.
        properties.put("management.endpoint.health.group.readiness.include", "readinessState");
        Class<?>[] sources = Stream.concat(Stream.of(LifecycleTestApplication.class), Stream.of(extraConfiguration))
                .toArray(Class<?>[]::new);
        LifecycleInstance instance = new LifecycleInstance(RunningService.start(sources, properties));
        await().atMost(Duration.ofSeconds(60)).until(() -> instance.streamsState() == KafkaStreams.State.RUNNING);
        return instance;
    }

    KafkaStreams.State streamsState() {
        KafkaStreams streams = service.bean(StreamsBuilderFactoryBean.class).getKafkaStreams();
        return streams == null ? null : streams.state();
    }

    <T> T bean(Class<T> type) {
        return service.bean(type);
    }

    @Override
    public void close() {
        service.close();
    }
}
