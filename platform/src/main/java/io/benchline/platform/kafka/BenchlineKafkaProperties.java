package io.benchline.platform.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Benchline's Kafka policy. {@code replicationFactor} unset means the broker's default (1 locally, 3 in
 * production clusters); {@code listenerRetries} is how often a failing record is retried, {@code retryInterval}
 * apart, before it goes to its dead-letter topic.
 */
@ConfigurationProperties("benchline.kafka")
public record BenchlineKafkaProperties(
        Short replicationFactor,
        @DefaultValue("2") int listenerRetries,
        @DefaultValue("1s") Duration retryInterval) {}
