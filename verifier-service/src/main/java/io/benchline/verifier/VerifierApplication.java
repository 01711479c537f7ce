package io.benchline.verifier;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Benchline's verifier: takes SiteProvisioned, proves the site's API keys from outside, emits the outcome. */
@SpringBootApplication
public class VerifierApplication {

    public static void main(String[] args) {
        SpringApplication.run(VerifierApplication.class, args);
    }
}
