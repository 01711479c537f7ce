package io.benchline.operator.lifecycle;

import io.benchline.operator.tenant.OperatorTopics;
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
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The lifecycle's Kafka Streams application (exactly-once v2, application id {@value OperatorTopics#LIFECYCLE_APPLICATION_ID}):
 * every input keyed by tenantId feeds the one {@link LifecycleProcessor}; {@link Outbound} writes what it emits. Also
 * declares the lifecycle's one internal topic besides the changelogs, {@value OperatorTopics#TENANTS}.
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
    KStream<String, Object> lifecycleStream(
            StreamsBuilder builder,
            LifecycleProperties properties,
            Clock clock,
            ObjectProvider<MeterRegistry> meters,
            Environment environment) {
        LifecycleMetrics metrics = new LifecycleMetrics(
                meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new));
        return build(builder, properties, clock, metrics, cloudEventsSource(environment));
    }

    /** The topology itself, apart from Spring: tests build it on a plain {@code KafkaStreams} too. */
    static KStream<String, Object> build(
            StreamsBuilder builder,
            LifecycleProperties properties,
            Clock clock,
            LifecycleMetrics metrics,
            String cloudEventsSource) {
        Serde<String> keys = Serdes.String();
        Serde<SpecificRecord> events = Serdes.serdeFrom(new AvroEventSerializer(), new AvroEventDeserializer());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(LifecycleProcessor.TENANT_STORE), keys, new StateSerde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(LifecycleProcessor.DUE_STORE), keys, Serdes.String()));
        KStream<String, Object> out = builder.stream(
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

    /** The latest snapshot per tenant: compacted, so a reader's replay is one record per tenant. */
    @Bean
    KafkaAdmin.NewTopics lifecycleInternalTopics() {
        return new KafkaAdmin.NewTopics(TopicBuilder.name(OperatorTopics.TENANTS)
                .partitions(Topic.PARTITIONS)
                .compact()
                .build());
    }

    /** Leave the group on close so a restarted instance gets its tasks back at once. */
    @Bean
    StreamsBuilderFactoryBeanConfigurer lifecycleStreamsLifecycle() {
        return factory -> factory.setLeaveGroupOnClose(true);
    }
}
