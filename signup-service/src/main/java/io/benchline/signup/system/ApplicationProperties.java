package io.benchline.signup.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The service's name, {@code spring.application.name}: the platform names every producer's CloudEvents source after
 * it, and the Kafka Streams producers, which the platform does not build, must use the same source.
 */
@ConfigurationProperties("spring.application")
public record ApplicationProperties(
        @DefaultValue("signup-service") String name) {

    /** {@code /benchline/<name>}, as the platform writes it. */
    public String cloudEventsSource() {
        return "/benchline/" + name;
    }
}
