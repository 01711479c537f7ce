package io.benchline.provisioner;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of provisioner-service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ProvisionerApplication {

    public static void main(String[] args) {
        SpringApplication.run(ProvisionerApplication.class, args);
    }
}
