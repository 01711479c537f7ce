package io.benchline.signup.messaging;

import io.benchline.events.LoginKeyIssued;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * This instance's view of the issued login keys (sealed): the latest per tenant in a global store, and each new one
 * to the clicks waiting for it. A {@link Watch} is opened before the click's request is sent, so a key cannot arrive
 * unseen between the decision and the wait.
 */
@Component
class LoginKeyFeed {

    static final String STORE = "login-keys-view";

    private final ObjectProvider<StreamsBuilderFactoryBean> streams;
    private final Map<UUID, Set<Watch>> watches = new ConcurrentHashMap<>();

    LoginKeyFeed(ObjectProvider<StreamsBuilderFactoryBean> streams) {
        this.streams = streams;
    }

    /** Starts watching {@code tenantId}'s keys; close the watch when done. */
    Watch watch(UUID tenantId) {
        Watch watch = new Watch(tenantId);
        watches.computeIfAbsent(tenantId, id -> ConcurrentHashMap.newKeySet()).add(watch);
        watch.latest = latest(tenantId).orElse(null);
        return watch;
    }

    /** Called on the global stream thread for each issued key. */
    void publish(LoginKeyIssued issued) {
        Set<Watch> watching = watches.get(issued.getTenantId());
        if (watching != null) {
            watching.forEach(watch -> watch.issued.tryEmitNext(issued));
        }
    }

    private Optional<LoginKeyIssued> latest(UUID tenantId) {
        KafkaStreams kafkaStreams = streams.getObject().getKafkaStreams();
        if (kafkaStreams == null) {
            return Optional.empty();
        }
        try {
            ReadOnlyKeyValueStore<String, LoginKeyIssued> store = kafkaStreams.store(
                    StoreQueryParameters.fromNameAndType(STORE, QueryableStoreTypes.keyValueStore()));
            return Optional.ofNullable(store.get(tenantId.toString()));
        } catch (InvalidStateStoreException e) {
            return Optional.empty();
        }
    }

    /** The keys issued for one tenant from the moment the watch opened, and the latest one before it. */
    final class Watch implements AutoCloseable {

        private final UUID tenantId;
        private final Sinks.Many<LoginKeyIssued> issued = Sinks.many().replay().limit(16);
        private volatile LoginKeyIssued latest;

        private Watch(UUID tenantId) {
            this.tenantId = tenantId;
        }

        /** The key issued for {@code requestId}, whenever it was issued; never completes empty by itself. */
        Flux<LoginKeyIssued> answerTo(UUID requestId) {
            Flux<LoginKeyIssued> before = latest == null ? Flux.empty() : Flux.just(latest);
            return Flux.concat(before, issued.asFlux())
                    .filter(key -> requestId.equals(key.getRequestId()))
                    .take(1);
        }

        @Override
        public void close() {
            watches.computeIfPresent(tenantId, (id, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
        }
    }
}
