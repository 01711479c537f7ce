package io.benchline.verifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import io.benchline.testing.ArchitectureRules;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

class ArchitectureTests {

    private static final String ROOT = "io.benchline.verifier";
    private final JavaClasses production = ArchitectureRules.importProduction(ROOT);

    @TestFactory
    Stream<DynamicTest> verifierKeepsBenchlinesArchitecture() {
        return ArchitectureRules.forService(ROOT, "messaging").stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(production)));
    }

    @TestFactory
    Stream<DynamicTest> probingKnowsNothingOfKafkaOrTheVerifiersPolicy() {
        ArchRule probeIsALeaf = noClasses()
                .that()
                .resideInAPackage(ROOT + ".probe..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".verification..", ROOT + ".messaging..", ROOT + ".system..")
                .as("the probe package depends on no other feature package");
        ArchRule blockingHttpStaysOut = noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.net.http..", "org.springframework.web.client..")
                .as("no blocking HTTP client: probes go through the non-blocking WebClient");
        return Stream.of(probeIsALeaf, blockingHttpStaysOut)
                .map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(production)));
    }
}
