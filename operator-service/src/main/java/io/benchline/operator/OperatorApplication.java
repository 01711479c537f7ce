package io.benchline.operator;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** Entry point of operator-service: the operator API and the tenant lifecycle. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OperatorApplication {

    public static void main(String[] args) {
        SpringApplication.run(OperatorApplication.class, args);
    }

    /** Grace periods, trial ends and quarantines are measured against one injectable clock. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
