package io.benchline.provisioner;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import io.benchline.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** Feature packages without cycles, no util package, Kafka and SSHD types only in messaging and ssh. */
class ArchitectureTests {

    @Test
    void provisionerKeepsTheServiceArchitecture() {
        JavaClasses classes = ArchitectureRules.importProduction("io.benchline.provisioner");
        for (ArchRule rule : ArchitectureRules.forService("io.benchline.provisioner", "messaging", "ssh")) {
            rule.check(classes);
        }
    }
}
