package io.benchline.signup;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import io.benchline.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** Feature packages without cycles, no util package, and Kafka types only in {@code messaging}. */
class ArchitectureTests {

    @Test
    void signupServiceKeepsTheBenchlineArchitecture() {
        JavaClasses classes = ArchitectureRules.importProduction("io.benchline.signup");
        for (ArchRule rule : ArchitectureRules.forService("io.benchline.signup", "messaging")) {
            rule.check(classes);
        }
    }
}
