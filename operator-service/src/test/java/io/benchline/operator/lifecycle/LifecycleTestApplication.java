package io.benchline.operator.lifecycle;

import java.time.Clock;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * operator-service with only its lifecycle: the real topology, properties, platform auto-configuration and
 * application.yml, without the API's beans (they have their own tests and settings). Deliberately not a
 * {@code @Configuration}: OperatorApplication's component scan must not pick it up in other tests.
 */
@EnableAutoConfiguration
@Import(LifecycleTopology.class)
@EnableConfigurationProperties(LifecycleProperties.class)
class LifecycleTestApplication {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
