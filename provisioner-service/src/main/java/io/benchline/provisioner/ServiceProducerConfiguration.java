package io.benchline.provisioner;

import io.benchline.platform.kafka.store.CompactedTopics;
import io.benchline.schemas.AvroEventSerializer;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;

/**
 * One producer for everything this service writes: its events (Avro, with their CloudEvents headers) and the byte
 * values of its own logs (ledger, hand-off and site-operation stores, the standby pool's log). Writes made at the same
 * moment, a step's ledger entry and its progress events, a claim's standby record and the run's next entry, then go to
 * the broker in one request instead of one per producer (BENCHMARKS.md, session 11). Each log needs its writes
 * acknowledged by every in-sync replica, exactly once: the producer is checked for that when the service starts.
 */
@Configuration(proxyBeanMethods = false)
class ServiceProducerConfiguration {

    private static final Set<String> EVERY_REPLICA = Set.of("all", "-1");

    /** Events are serialized as Avro, a log's values are already bytes. */
    @Bean
    @SuppressWarnings({"unchecked", "rawtypes"})
    DefaultKafkaProducerFactoryCustomizer eventsAndLogValues() {
        return factory -> ((DefaultKafkaProducerFactory) factory)
                .setValueSerializerSupplier(() -> new DelegatingByTypeSerializer(
                        Map.of(
                                byte[].class,
                                new ByteArraySerializer(),
                                SpecificRecord.class,
                                new AvroEventSerializer()),
                        true));
    }

    /** The service's producer for its logs' byte values, checked once at start (see {@link #byteValues}). */
    @Bean
    Supplier<Producer<String, byte[]>> logWriter(ProducerFactory<?, ?> producers) {
        return byteValues(producers);
    }

    /** The stores on compacted topics write through the service's producer. */
    @Bean
    CompactedTopics compactedTopics(
            KafkaProperties kafka,
            ObjectProvider<KafkaConnectionDetails> connection,
            Supplier<Producer<String, byte[]>> logWriter) {
        return new CompactedTopics(kafka, connection.getIfAvailable(), logWriter);
    }

    /**
     * The service's producer for a log's byte values, asked for at each write (the factory renews a producer that
     * failed).
     *
     * @throws IllegalStateException when it is transactional, does not wait for every in-sync replica, or is not
     *     idempotent: a log's write must be durable once acknowledged, and written once
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Supplier<Producer<String, byte[]>> byteValues(ProducerFactory<?, ?> producers) {
        Map<String, Object> config = producers.getConfigurationProperties();
        Object acks = config.getOrDefault(ProducerConfig.ACKS_CONFIG, "all");
        Object idempotent = config.getOrDefault(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        if (producers.transactionCapable()
                || !EVERY_REPLICA.contains(String.valueOf(acks))
                || !Boolean.parseBoolean(String.valueOf(idempotent))) {
            throw new IllegalStateException("the provisioner's logs are written with spring.kafka.producer.*, which"
                    + " must be non-transactional with acks=all and enable.idempotence=true (acks=" + acks
                    + ", enable.idempotence=" + idempotent + ", transactional=" + producers.transactionCapable() + ")");
        }
        return () -> (Producer) producers.createProducer();
    }
}
