package io.benchline.platform.secrets;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Loads the keysets named under {@code benchline.secrets.keysets}. */
@AutoConfiguration
@EnableConfigurationProperties(SecretsProperties.class)
public class SecretsAutoConfiguration {

    @Bean
    SecretSealers secretSealers(SecretsProperties properties) {
        return new SecretSealers(properties);
    }
}
