package io.benchline.operator.lifecycle;

import io.benchline.operator.tenant.OperatorTopics;
import io.benchline.platform.kafka.streams.ReplaceDeadStreamThread;
import io.benchline.schemas.AvroEventDeserializer;
import io.benchline.schemas.AvroEventSerializer;
import io.benchline.schemas.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;

/**
 * The lifecycle's Kafka Streams application (exactly-once v2, application id {@value OperatorTopics#LIFECYCLE_APPLICATION_ID}):
 * every input keyed by tenantId feeds the one {@link LifecycleProcessor}; {@link Outbound} writes what it emits. The
 * tenant store's changelog, {@value OperatorTopics#TENANT_STATES}, is the view's topic.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class LifecycleTopology {

    /** Everything a tenant's lifecycle is built from. */
    static final List<Topic> INPUTS = List.of(
            Topic.TENANT_REQUESTED,
            Topic.PROVISIONING_PROGRESS,
            Topic.SITE_PROVISIONED,
            Topic.KEYS_ACTIVE,
            Topic.PROVISIONING_FAILED,
            Topic.SIGNUP_COMPLETED,
            Topic.EMAIL_VERIFICATION,
            Topic.OPERATOR_COMMANDS,
            Topic.SITE_OPERATION_COMPLETED);

    @Bean
    KStream<String, SpecificRecord> lifecycleStream(
            StreamsBuilder builder,
            LifecycleProperties properties,
            Clock clock,
            ObjectProvider<MeterRegistry> meters,
            Environment environment) {
        LifecycleMetrics metrics = new LifecycleMetrics(
                meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new));
        String applicationId = environment.getProperty("spring.kafka.streams.application-id");
        if (!OperatorTopics.LIFECYCLE_APPLICATION_ID.equals(applicationId)) {
            // The view reads the store's changelog by name, and the name is the application id's.
            throw new IllegalStateException("spring.kafka.streams.application-id must be "
                    + OperatorTopics.LIFECYCLE_APPLICATION_ID + " (the view reads " + OperatorTopics.TENANT_STATES
                    + "), not " + applicationId);
        }
        return build(builder, properties, clock, metrics, cloudEventsSource(environment));
    }

    /** The topology itself, apart from Spring: tests build it on a plain {@code KafkaStreams} too. */
    static KStream<String, SpecificRecord> build(
            StreamsBuilder builder,
            LifecycleProperties properties,
            Clock clock,
            LifecycleMetrics metrics,
            String cloudEventsSource) {
        Serde<String> keys = Serdes.String();
        Serde<SpecificRecord> events = Serdes.serdeFrom(new AvroEventSerializer(), new AvroEventDeserializer());
        // Cached: a tenant's changes between two commits reach the changelog (the view's topic) as one record, its
        // latest state, flushed inside the commit's transaction (exactly-once: none of them or all).
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(LifecycleProcessor.TENANT_STORE), keys, new StateSerde())
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(LifecycleProcessor.DUE_STORE), keys, Serdes.String()));
        KStream<String, SpecificRecord> out = builder.stream(
                        INPUTS.stream().map(Topic::topicName).toList(), Consumed.with(keys, events))
                .process(
                        () -> new LifecycleProcessor(clock, properties, metrics),
                        LifecycleProcessor.TENANT_STORE,
                        LifecycleProcessor.DUE_STORE);
        Outbound outbound = new Outbound(cloudEventsSource);
        out.to(outbound, Produced.with(keys, Serdes.serdeFrom(outbound, (topic, bytes) -> null)));
        return out;
    }

    /** {@code /benchline/<spring.application.name>}, as the platform names every other producer's source. */
    static String cloudEventsSource(Environment environment) {
        return "/benchline/" + environment.getProperty("spring.application.name", "operator-service");
    }

    /**
     * Leave the group on close so a restarted instance gets its tasks back at once; a stream thread that dies is
     * replaced, not the whole client stopped (Kafka Streams' default would leave the lifecycle stopped until a restart).
     */
    @Bean
    StreamsBuilderFactoryBeanConfigurer lifecycleStreamsLifecycle() {
        return factory -> {
            factory.setLeaveGroupOnClose(true);
            factory.setStreamsUncaughtExceptionHandler(new ReplaceDeadStreamThread());
        };
    }
}
