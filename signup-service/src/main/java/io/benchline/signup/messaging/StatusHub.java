package io.benchline.signup.messaging;

import io.benchline.signup.status.SignupStatus;
import io.benchline.signup.status.StageTimes;
import io.benchline.signup.status.StatusView;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * This instance's view of every signup's status: reads from the global status store, and fans each new snapshot
 * out to the streams watching that tenant through one small sink per watched tenant (created on the first
 * subscriber, dropped with the last), so an update costs work only for its own watchers.
 */
@Component
class StatusHub implements StatusView {

    static final String STORE = "signup-status-view";

    /** Lazy: the factory's configurer needs this hub, so the factory cannot be a constructor argument. */
    private final ObjectProvider<StreamsBuilderFactoryBean> streams;

    private final Map<UUID, Channel> channels = new ConcurrentHashMap<>();
    private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();

    private final StageTimes stageTimes;
    private final Clock clock;

    /**
     * From an event's timestamp to its status in this instance's view, where the streams take it from: the Streams
     * processing and commit (a status is readable only once committed) and the view's fetch. The rest of an SSE
     * frame's delay is this hub, Reactor and Netty.
     */
    private final Timer viewDelay;

    StatusHub(
            ObjectProvider<StreamsBuilderFactoryBean> streams,
            StageTimes stageTimes,
            MeterRegistry meters,
            Clock clock) {
        this.streams = streams;
        this.stageTimes = stageTimes;
        this.clock = clock;
        this.viewDelay = Timer.builder("signup.status.view.delay")
                .description("event timestamp to its status in this instance's status view")
                .publishPercentileHistogram()
                .register(meters);
    }

    @Override
    public Optional<SignupStatus> find(UUID tenantId) {
        return store().map(store -> store.get(tenantId.toString()));
    }

    @Override
    public Flux<SignupStatus> changes(UUID tenantId) {
        return Flux.defer(() -> {
            Channel channel = channels.compute(tenantId, (id, existing) -> {
                Channel c = existing == null ? new Channel() : existing;
                c.subscribers++;
                return c;
            });
            // Each snapshot holds the whole history, so a slow stream only needs the latest one.
            return channel.sink
                    .asFlux()
                    .onBackpressureLatest()
                    .doFinally(
                            signal -> channels.computeIfPresent(tenantId, (id, c) -> --c.subscribers == 0 ? null : c));
        });
    }

    @Override
    public int inFlight() {
        return inFlight.size();
    }

    /**
     * Called on the global stream thread for each new snapshot, in order per tenant, with the timestamp of the
     * record it came in (that of the event the status was made from).
     */
    void publish(SignupStatus status, long timestamp) {
        viewDelay.record(Duration.ofMillis(Math.max(0, clock.millis() - timestamp)));
        track(status);
        Channel channel = channels.get(status.tenantId());
        if (channel != null) {
            channel.sink.tryEmitNext(status);
        }
    }

    /** After a restart the global store is restored without replaying snapshots: count the open signups once. */
    void countOpenSignups() {
        store().ifPresent(store -> {
            try (KeyValueIterator<String, SignupStatus> all = store.all()) {
                all.forEachRemaining(entry -> track(entry.value));
            }
        });
    }

    private void track(SignupStatus status) {
        stageTimes.record(status);
        if (status.isTerminal()) {
            inFlight.remove(status.tenantId());
        } else {
            inFlight.add(status.tenantId());
        }
    }

    private Optional<ReadOnlyKeyValueStore<String, SignupStatus>> store() {
        KafkaStreams kafkaStreams = streams.getObject().getKafkaStreams();
        if (kafkaStreams == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(kafkaStreams.store(
                    StoreQueryParameters.fromNameAndType(STORE, QueryableStoreTypes.keyValueStore())));
        } catch (InvalidStateStoreException e) {
            return Optional.empty(); // still starting or restoring
        }
    }

    private static final class Channel {
        final Sinks.Many<SignupStatus> sink = Sinks.many().multicast().directBestEffort();
        int subscribers; // changed only inside ConcurrentHashMap.compute, which locks the entry
    }
}
