package io.benchline.operator.lifecycle;

import static io.benchline.operator.lifecycle.LifecycleEvents.completed;
import static io.benchline.operator.lifecycle.LifecycleEvents.requested;
import static io.benchline.operator.lifecycle.Tenants.awaitLifecycleEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.benchline.events.TenantActivated;
import io.benchline.testing.Publish;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.DependsOn;

/**
 * A stream thread that dies of an error Kafka Streams does not recover from itself is replaced and the lifecycle
 * carries on. Kafka Streams' default (SHUTDOWN_CLIENT) would put the client in ERROR: the instance would never be
 * RUNNING again, and no tenant activated, no trial ended, no deprovisioning finished until someone restarted it.
 */
class LifecycleThreadDeathTests {

    private static final String PIPELINE = "/benchline/signup-service";

    /** A source of this test's own in the lifecycle's Streams app; its first record kills the thread. */
    private static final String POISON = "test.lifecycle-thread-death";

    private static final AtomicBoolean THROWN = new AtomicBoolean();

    @TempDir
    Path state;

    @Test
    void aStreamThreadThatDiesIsReplacedAndTheLifecycleCarriesOn() {
        // Before the start: Streams refuses a source topic that does not exist yet; this creates it.
        Publish.raw(POISON, "boom", new byte[] {1});

        try (LifecycleInstance lifecycle = LifecycleInstance.start(state, PoisonedSource.class)) {
            await().atMost(Tenants.WAIT).untilTrue(THROWN);
            UUID tenantId = UUID.randomUUID();
            Publish.event(PIPELINE, requested(tenantId, 1, false));
            Publish.event(PIPELINE, completed(tenantId, 1));

            assertThat(awaitLifecycleEvents(tenantId, 1)).singleElement().isInstanceOf(TenantActivated.class);
            assertThat(lifecycle.streamsState()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    /** Added to the lifecycle's context: one more stream in the same Streams app, on the same one thread. */
    static class PoisonedSource {

        /** After the lifecycle's stream, so the lifecycle's nodes keep the names they have in production. */
        @Bean
        @DependsOn("lifecycleStream")
        KStream<String, byte[]> poisonedStream(StreamsBuilder builder) {
            KStream<String, byte[]> stream = builder.stream(POISON, Consumed.with(Serdes.String(), Serdes.ByteArray()));
            stream.foreach((key, value) -> {
                if (THROWN.compareAndSet(false, true)) {
                    throw new IllegalStateException("an error the lifecycle does not expect");
                }
            });
            return stream;
        }
    }
}
