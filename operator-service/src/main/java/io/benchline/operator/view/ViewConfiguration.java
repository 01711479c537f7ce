package io.benchline.operator.view;

import io.benchline.platform.kafka.store.CompactedTopics;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The view's followers, started with the application, and their readiness indicator. */
@Configuration(proxyBeanMethods = false)
class ViewConfiguration {

    @Bean
    TenantView tenantView(CompactedTopics topics, ViewProperties properties) {
        return new TenantView(topics, properties.catchUpTimeout());
    }

    @Bean
    IssuedCommands issuedCommands(CompactedTopics topics, ViewProperties properties) {
        return new IssuedCommands(topics, properties.catchUpTimeout());
    }

    @Bean
    ViewFollowers viewFollowers(TenantView tenants, IssuedCommands commands, ViewProperties properties) {
        return new ViewFollowers(tenants, commands, properties.retryPause());
    }

    /** Named for the readiness group: {@code management.endpoint.health.group.readiness.include}. */
    @Bean
    HealthIndicator operatorView(ViewFollowers followers) {
        return new ViewReadiness(followers);
    }
}
