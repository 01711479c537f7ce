package io.benchline.signup.messaging;

import io.benchline.signup.system.ServiceReadiness;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * The readiness group's "storesReadiness": UP once the registry's producer and decision reader are started, Kafka
 * Streams has been RUNNING (its tasks assigned, the global status and subdomain stores restored) and both global
 * stores answer queries. A later rebalance keeps it UP (claims wait for it, the global stores still answer); a
 * Streams client that stopped or failed turns it DOWN.
 */
@Component
class StoresReadiness implements ServiceReadiness, HealthIndicator {

    private static final List<String> GLOBAL_STORES = List.of(StatusHub.STORE, KafkaSubdomainRegistry.VIEW_STORE);

    private final ObjectProvider<StreamsBuilderFactoryBean> streams;
    private final KafkaSubdomainRegistry registry;
    private final KafkaTenantDesk desk;
    private volatile boolean storesAnswered;

    StoresReadiness(
            ObjectProvider<StreamsBuilderFactoryBean> streams, KafkaSubdomainRegistry registry, KafkaTenantDesk desk) {
        this.desk = desk;
        this.streams = streams;
        this.registry = registry;
    }

    @Override
    public boolean isReady() {
        return why().isEmpty();
    }

    @Override
    public Health health() {
        String why = why();
        return why.isEmpty()
                ? Health.up().build()
                : Health.down().withDetail("waitingFor", why).build();
    }

    /** Empty when ready, otherwise what is missing. */
    private String why() {
        if (!registry.isRunning()) {
            return "subdomain registry";
        }
        if (!desk.isRunning()) {
            return "tenant decisions reader";
        }
        KafkaStreams kafkaStreams = streams.getObject().getKafkaStreams();
        KafkaStreams.State state = kafkaStreams == null ? KafkaStreams.State.CREATED : kafkaStreams.state();
        if (state == KafkaStreams.State.RUNNING && !storesAnswered) {
            storesAnswered = globalStoresAnswer(kafkaStreams);
        }
        if (!storesAnswered) {
            return "Kafka Streams (" + state + ") and its global stores";
        }
        // Only the first start has to reach RUNNING; a rebalance afterwards is normal operation.
        return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING
                ? ""
                : "Kafka Streams (" + state + ")";
    }

    private static boolean globalStoresAnswer(KafkaStreams kafkaStreams) {
        try {
            for (String store : GLOBAL_STORES) {
                kafkaStreams
                        .store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()))
                        .approximateNumEntries();
            }
            return true;
        } catch (InvalidStateStoreException e) {
            return false;
        }
    }
}
