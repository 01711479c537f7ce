package io.benchline.signup.system;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.CorsRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/** The clock every deadline is measured with, and CORS for the configured frontend origins. */
@Configuration(proxyBeanMethods = false)
class SystemConfiguration implements WebFluxConfigurer {

    private final SignupProperties properties;

    SystemConfiguration(SignupProperties properties) {
        this.properties = properties;
    }

    @Bean
    ClientAddresses clientAddresses() {
        return new ClientAddresses(properties.rateLimit().trustedProxies());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        if (properties.cors().allowedOrigins().isEmpty()) {
            return;
        }
        // Credentials are allowed so a frontend on another origin can receive and send the stream cookie.
        registry.addMapping("/api/**")
                .allowedOrigins(properties.cors().allowedOrigins().toArray(String[]::new))
                .allowedMethods("GET", "POST")
                .allowedHeaders("Content-Type", "Last-Event-ID", "Authorization")
                .exposedHeaders("Location", "Retry-After")
                .allowCredentials(true)
                .maxAge(3600);
    }
}
