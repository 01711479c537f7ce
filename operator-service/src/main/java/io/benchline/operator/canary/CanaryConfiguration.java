package io.benchline.operator.canary;

import io.benchline.platform.sites.SiteWebClients;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The canary's beans, only with {@code benchline.operator.canary.enabled=true}: its API clients (the public signup
 * API and the operator API through a plain {@link WebClient}; customer sites through platform's
 * {@link SiteWebClients}, so {@code benchline.sites.*} applies), the mailbox when one is configured, the metrics and
 * the schedule.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("benchline.operator.canary.enabled")
class CanaryConfiguration {

    @Bean
    SignupCanary signupCanary(
            CanaryProperties properties, SiteWebClients siteWebClients, MeterRegistry meterRegistry, Clock clock) {
        if (!properties.missingSettings().isEmpty()) {
            throw new IllegalStateException("benchline.operator.canary.enabled is set but these are not: "
                    + String.join(", ", properties.missingSettings()));
        }
        // Redirects are not followed: enterUrl's 302 is what the canary checks.
        // Built here: Spring Boot 4 auto-configures no WebClient.Builder without spring-boot-webclient, which this
        // service does not use (the canary failed the service's start with "No qualifying bean of type
        // WebClient$Builder").
        WebClient api = WebClient.builder().build();
        return new SignupCanary(
                properties,
                new SignupApi(api, properties.signupUrl(), properties.requestTimeout()),
                properties.mailbox().configured()
                        ? Optional.of(new VerificationMailbox(properties.mailbox(), properties.requestTimeout()))
                        : Optional.empty(),
                new SiteLogin(siteWebClients.webClient(), properties.requestTimeout()),
                new OperatorApi(
                        api, properties.operatorUrl(), properties.requestTimeout(), properties.pollInterval(), clock),
                new CanaryMetrics(meterRegistry),
                clock);
    }

    @Bean
    CanarySchedule canarySchedule(SignupCanary canary, CanaryProperties properties, Clock clock) {
        return new CanarySchedule(canary, properties, clock);
    }
}
