package io.benchline.platform.sites;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Provides {@link SiteWebClients} and the {@link SiteAddressPolicy} (which site URLs may receive credentials),
 * configured from {@code benchline.sites.*}.
 */
@AutoConfiguration
@EnableConfigurationProperties(SiteConnectionProperties.class)
public class SitesAutoConfiguration {

    @Bean
    SiteWebClients siteWebClients(SiteConnectionProperties properties) {
        return new SiteWebClients(properties);
    }

    @Bean
    SiteAddressPolicy siteAddressPolicy(SiteConnectionProperties properties) {
        return new SiteAddressPolicy(properties);
    }
}
