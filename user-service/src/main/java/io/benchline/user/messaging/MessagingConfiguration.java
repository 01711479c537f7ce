package io.benchline.user.messaging;

import io.benchline.platform.kafka.BenchlineKafkaProperties;
import io.benchline.platform.kafka.EventPublisher;
import io.benchline.platform.kafka.store.CompactedTopics;
import io.benchline.schemas.AvroEventSerializer;
import io.benchline.schemas.Topic;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kafka wiring beyond the platform's: the {@code user.outcomes} ledger topic, one producer for events and ledger
 * entries (so one transaction covers both), and dead letters for a transactional listener.
 */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    @Bean
    NewTopic outcomesTopic(BenchlineKafkaProperties properties) {
        TopicBuilder topic = TopicBuilder.name(OutcomeLedger.TOPIC)
                .partitions(Topic.PARTITIONS)
                .compact()
                // Compaction keeps each tenant's latest outcome; never let retention delete one.
                .config(TopicConfig.RETENTION_MS_CONFIG, "-1");
        if (properties.replicationFactor() != null) {
            topic.replicas(properties.replicationFactor());
        }
        return topic.build();
    }

    @Bean
    OutcomeLedger outcomeLedger(
            CompactedTopics topics,
            JsonMapper json,
            @Value("${benchline.user.ledger-catch-up-timeout:30s}") Duration catchUpTimeout) {
        return new OutcomeLedger(topics, json, catchUpTimeout);
    }

    /**
     * Events are Avro, ledger entries JSON bytes; both must leave through the same transactional producer, so its
     * value serializer picks by type.
     */
    @Bean
    DefaultKafkaProducerFactoryCustomizer eventsAndLedgerSerializer(
            @Value("${spring.application.name}") String application) {
        return factory -> {
            @SuppressWarnings("unchecked")
            DefaultKafkaProducerFactory<Object, Object> producers =
                    (DefaultKafkaProducerFactory<Object, Object>) factory;
            producers.setValueSerializerSupplier(() -> byType(application));
        };
    }

    /**
     * Transactional ids from a fixed pool per instance (see {@link TransactionalIds}): one producer per listener
     * thread, plus one for a failed producer's replacement while it is still closing.
     */
    @Bean
    DefaultKafkaProducerFactoryCustomizer transactionalIdPool(KafkaProperties kafka) {
        int pool = producersNeeded(kafka);
        return factory -> TransactionalIds.limitToPool(factory, pool);
    }

    @Bean
    TransactionalIds transactionalIds(DefaultKafkaProducerFactory<?, ?> producers, KafkaProperties kafka) {
        return new TransactionalIds(producers, producersNeeded(kafka));
    }

    private static int producersNeeded(KafkaProperties kafka) {
        Integer concurrency = kafka.getListener().getConcurrency();
        return (concurrency == null ? 1 : concurrency) + 1;
    }

    @Bean
    TerminalEventSender terminalEventSender(
            EventPublisher events, KafkaTemplate<String, Object> template, OutcomeLedger ledger) {
        return new TerminalEventSender(events, template, ledger);
    }

    /**
     * Dead letters ({@code <topic>-dlt}, same partition) through the transactional template: sent by the listener
     * inside the poll's transaction, so a dead letter and its record's offset commit together. Unreadable records
     * go as their raw bytes, the others as the decoded event, with Spring's exception headers.
     */
    @Bean
    DeadLetterPublishingRecoverer deadLetters(KafkaTemplate<Object, Object> transactional) {
        return new DeadLetterPublishingRecoverer(
                transactional, (record, exception) -> new TopicPartition(record.topic() + "-dlt", record.partition()));
    }

    /** With transactions the container hands a failed poll to this, not to the platform's error handler. */
    @Bean
    AfterRollbackProcessor<Object, Object> retryPollAfterRollback(BenchlineKafkaProperties properties) {
        return new RetryPollAfterRollback(properties.retryInterval());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Serializer byType(String application) {
        Map<Class<?>, Serializer<?>> delegates = new LinkedHashMap<>();
        delegates.put(byte[].class, new ByteArraySerializer());
        delegates.put(SpecificRecord.class, new AvroEventSerializer("/benchline/" + application));
        return new DelegatingByTypeSerializer(delegates, true);
    }
}
