package io.benchline.platform.kafka;

import io.benchline.platform.kafka.store.CompactedTopics;
import io.benchline.schemas.AvroEventSerializer;
import io.benchline.schemas.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Declares the catalogue's topics, publishes events, sends records that a listener cannot process to
 * {@code <topic>-dlt} on the same partition, so one poison record never stalls its partition, and makes stores on
 * compacted topics ({@link CompactedTopics}).
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(BenchlineKafkaProperties.class)
public class KafkaPlatformAutoConfiguration {

    @Bean
    KafkaAdmin.NewTopics benchlineTopics(BenchlineKafkaProperties properties) {
        List<NewTopic> topics = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            topics.add(newTopic(
                    topic.topicName(), topic.partitions(), topic.retention().toMillis(), properties));
            topics.add(newTopic(
                    topic.deadLetterTopicName(),
                    topic.partitions(),
                    Topic.DEAD_LETTER_RETENTION.toMillis(),
                    properties));
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    /** The {@code ce_source} of every record this service produces: {@code /benchline/<spring.application.name>}. */
    @Bean
    DefaultKafkaProducerFactoryCustomizer cloudEventsSource(Environment environment) {
        String source = sourceOf(environment);
        return factory -> factory.updateConfigs(Map.of(AvroEventSerializer.SOURCE_CONFIG, source));
    }

    @Bean
    @ConditionalOnMissingBean
    EventPublisher eventPublisher(KafkaTemplate<String, SpecificRecord> template) {
        return new EventPublisher(template);
    }

    /** Stores on compacted topics, their clients configured from {@code spring.kafka.*} like every other. */
    @Bean
    @ConditionalOnMissingBean
    CompactedTopics compactedTopics(KafkaProperties kafka, ObjectProvider<KafkaConnectionDetails> connection) {
        return new CompactedTopics(kafka, connection.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler deadLetterErrorHandler(
            KafkaProperties kafka,
            BenchlineKafkaProperties properties,
            Environment environment,
            ObjectProvider<MeterRegistry> meters) {
        var recoverer = new DeadLetterPublishingRecoverer(
                deadLetterTemplate(kafka, sourceOf(environment), meters.getIfAvailable()),
                (record, exception) -> new TopicPartition(record.topic() + "-dlt", record.partition()));
        var backOff = new FixedBackOff(properties.retryInterval().toMillis(), properties.listenerRetries());
        return new DefaultErrorHandler(recoverer, backOff);
    }

    /**
     * Dead letters are the raw bytes when a record could not be deserialized, else the decoded event, which is
     * re-encoded unchanged.
     */
    private static KafkaTemplate<String, Object> deadLetterTemplate(
            KafkaProperties kafka, String source, MeterRegistry meters) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "benchline-dead-letters");
        Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
        byType.put(byte[].class, new ByteArraySerializer());
        byType.put(SpecificRecord.class, new AvroEventSerializer(source));
        var factory = new DefaultKafkaProducerFactory<String, Object>(
                config, new StringSerializer(), new DelegatingByTypeSerializer(byType, true));
        if (meters != null) {
            // kafka_producer_* metrics with client_id=benchline-dead-letters: what the dead-letter alert watches.
            factory.addListener(new MicrometerProducerListener<>(meters));
        }
        return new KafkaTemplate<>(factory);
    }

    private static String sourceOf(Environment environment) {
        return "/benchline/" + environment.getProperty("spring.application.name", "unnamed-service");
    }

    private static NewTopic newTopic(
            String name, int partitions, long retentionMs, BenchlineKafkaProperties properties) {
        TopicBuilder builder = TopicBuilder.name(name)
                .partitions(partitions)
                .config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs));
        if (properties.replicationFactor() != null) {
            builder.replicas(properties.replicationFactor());
        }
        return builder.build();
    }
}
