package io.benchline.verifier.system;

import io.benchline.platform.sites.SiteWebClients;
import io.benchline.verifier.probe.SiteApiClient;
import io.benchline.verifier.probe.SiteVerifier;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Schedulers;

/**
 * Builds the probe pipeline on the platform's shared site client (TLS verified, plain HTTP only when
 * {@code benchline.sites.allow-plain-http} is set, {@code benchline.sites.resolve} for the local stack).
 */
@Configuration(proxyBeanMethods = false)
class ProbeConfiguration {

    @Bean
    SiteApiClient siteApiClient(SiteWebClients sites, VerifierProperties properties) {
        return new SiteApiClient(sites.webClient(), properties.probeTimeout());
    }

    /** Waits run on Reactor's shared parallel timer: one thread per core, whatever the number of sites. */
    @Bean
    SiteVerifier siteVerifier(SiteApiClient client, VerifierProperties properties) {
        return new SiteVerifier(
                client::probe,
                properties.schedule(),
                properties.rejectedRetries(),
                Schedulers.parallel(),
                ThreadLocalRandom::current);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
