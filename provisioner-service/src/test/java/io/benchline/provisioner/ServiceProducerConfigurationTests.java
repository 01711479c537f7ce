package io.benchline.provisioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/** The provisioner's logs are written with the service's producer only if it is what a log needs. */
class ServiceProducerConfigurationTests {

    @Test
    void aNonTransactionalIdempotentProducerWaitingForEveryReplicaWritesTheLogs() {
        assertThat(ServiceProducerConfiguration.byteValues(factory(Map.of()))).isNotNull();
        assertThat(ServiceProducerConfiguration.byteValues(factory(
                        Map.of(ProducerConfig.ACKS_CONFIG, "-1", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"))))
                .isNotNull();
    }

    @Test
    void aProducerThatMayLoseOrRepeatAWriteIsRefusedAtStart() {
        assertThatThrownBy(
                        () -> ServiceProducerConfiguration.byteValues(factory(Map.of(ProducerConfig.ACKS_CONFIG, "1"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("acks=1");
        assertThatThrownBy(() -> ServiceProducerConfiguration.byteValues(
                        factory(Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false))))
                .hasMessageContaining("enable.idempotence=false");
        DefaultKafkaProducerFactory<Object, Object> transactional = factory(Map.of());
        transactional.setTransactionIdPrefix("provisioner-");
        assertThatThrownBy(() -> ServiceProducerConfiguration.byteValues(transactional))
                .hasMessageContaining("transactional=true");
    }

    private static DefaultKafkaProducerFactory<Object, Object> factory(Map<String, Object> settings) {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        return new DefaultKafkaProducerFactory<>(config);
    }
}
