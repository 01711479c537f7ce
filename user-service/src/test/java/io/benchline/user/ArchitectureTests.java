package io.benchline.user;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import io.benchline.testing.ArchitectureRules;
import java.util.List;
import org.junit.jupiter.api.Test;

/** user-service keeps Benchline's architecture: only {@code messaging} touches Kafka; no package cycles. */
class ArchitectureTests {

    private final JavaClasses production = ArchitectureRules.importProduction("io.benchline.user");

    @Test
    void followsTheServiceArchitectureRules() {
        List<ArchRule> rules = ArchitectureRules.forService("io.benchline.user", "messaging");
        rules.forEach(rule -> rule.check(production));
    }
}
