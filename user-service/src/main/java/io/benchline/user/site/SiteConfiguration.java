package io.benchline.user.site;

import io.benchline.platform.sites.SiteWebClients;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The site client, built from the platform's shared connections and this package's properties records. */
@Configuration(proxyBeanMethods = false)
class SiteConfiguration {

    @Bean
    SiteApiClient siteApiClient(SiteWebClients sites, SiteCallProperties siteCalls, JsonMapper json, Clock clock) {
        return new SiteApiClient(sites, siteCalls, json, clock);
    }
}
