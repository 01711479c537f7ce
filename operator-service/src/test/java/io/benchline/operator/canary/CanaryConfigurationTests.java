package io.benchline.operator.canary;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.platform.sites.SiteConnectionProperties;
import io.benchline.platform.sites.SiteWebClients;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/** The canary is off unless enabled, and an enabled canary without its settings stops the start-up. */
class CanaryConfigurationTests {

    private final ApplicationContextRunner context =
            new ApplicationContextRunner().withUserConfiguration(Infrastructure.class, CanaryConfiguration.class);

    @Test
    void isOffByDefault() {
        context.run(started -> {
            assertThat(started).hasNotFailed();
            assertThat(started).doesNotHaveBean(SignupCanary.class);
            assertThat(started).doesNotHaveBean(CanarySchedule.class);
            assertThat(started.getBean(MeterRegistry.class)
                            .find("benchline.canary.runs")
                            .counters())
                    .isEmpty();
        });
    }

    @Test
    void anEnabledCanaryNamesTheSettingsItLacks() {
        context.withPropertyValues(
                        "benchline.operator.canary.enabled=true",
                        "benchline.operator.canary.signup-url=http://127.0.0.1:8080",
                        "benchline.operator.canary.mailbox.host=127.0.0.1")
                .run(started -> assertThat(started)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("operator-url, operator-token-file, canary-token-file, email-domain,"
                                + " mailbox.user and mailbox.password-file"));
    }

    @Test
    void anEnabledCanaryIsScheduledWithItsSettings() {
        context.withPropertyValues(
                        "benchline.operator.canary.enabled=true",
                        "benchline.operator.canary.interval=60s",
                        "benchline.operator.canary.initial-delay=1h",
                        "benchline.operator.canary.signup-url=http://127.0.0.1:8080",
                        "benchline.operator.canary.operator-url=http://127.0.0.1:8090",
                        "benchline.operator.canary.operator-token-file=/run/secrets/operator-token",
                        "benchline.operator.canary.canary-token-file=/run/secrets/canary-token",
                        "benchline.operator.canary.email-domain=canary.example.com")
                .run(started -> {
                    assertThat(started).hasNotFailed();
                    assertThat(started).hasSingleBean(SignupCanary.class);
                    assertThat(started.getBean(CanarySchedule.class).isRunning())
                            .isTrue();
                    CanaryProperties properties = started.getBean(CanaryProperties.class);
                    assertThat(properties.interval()).isEqualTo(Duration.ofSeconds(60));
                    assertThat(properties.emailAddress()).isEqualTo("canary@canary.example.com");
                    assertThat(properties.mailbox().configured()).isFalse();
                    assertThat(started.getBean(MeterRegistry.class)
                                    .get("benchline.canary.runs")
                                    .counters())
                            .hasSize(2);
                });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CanaryProperties.class)
    static class Infrastructure {

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        WebClient.Builder webClientBuilder() {
            return WebClient.builder();
        }

        @Bean
        SiteWebClients siteWebClients() {
            return new SiteWebClients(new SiteConnectionProperties(
                    Map.of(), false, Duration.ofSeconds(2), Duration.ofSeconds(10), List.of()));
        }

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }
}
