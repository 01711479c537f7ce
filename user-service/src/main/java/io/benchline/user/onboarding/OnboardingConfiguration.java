package io.benchline.user.onboarding;

import io.benchline.platform.secrets.SecretSealers;
import io.benchline.platform.sites.SiteAddressPolicy;
import io.benchline.user.site.SiteApiClient;
import io.benchline.user.site.SiteCallProperties;
import io.benchline.user.site.SystemSettingsProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The onboarding feature's beans; its properties records come straight from the binder. */
@Configuration(proxyBeanMethods = false)
class OnboardingConfiguration {

    @Bean
    OnboardingMetrics onboardingMetrics(MeterRegistry registry) {
        return new OnboardingMetrics(registry);
    }

    @Bean
    CustomerOnboarding customerOnboarding(
            SiteApiClient site,
            SecretSealers sealers,
            SiteAddressPolicy sites,
            SiteCallProperties siteCalls,
            SystemSettingsProperties systemSettings,
            OnboardingMetrics metrics,
            Clock clock) {
        return new CustomerOnboarding(
                site, sealers, sites, siteCalls, new SystemSettingsPrefill(systemSettings), metrics, clock);
    }
}
