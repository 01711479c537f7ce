package io.benchline.platform.kafka;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * The "kafkaListeners" health indicator ({@link ListenerAssignmentHealth}) for services with actuator; each service
 * adds it to its readiness group.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
public class KafkaReadinessAutoConfiguration {

    @Bean
    @ConditionalOnBean(KafkaListenerEndpointRegistry.class)
    ListenerAssignmentHealth kafkaListeners(KafkaListenerEndpointRegistry registry) {
        return new ListenerAssignmentHealth(registry);
    }
}
