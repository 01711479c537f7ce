package io.benchline.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The architecture every Benchline service keeps (style.md): feature packages without cycles, no grab-bag
 * {@code util} packages, and no feature code that talks to Kafka or SSHD types directly, except in the packages
 * whose job that is.
 */
public final class ArchitectureRules {

    private ArchitectureRules() {}

    public static JavaClasses importProduction(String rootPackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage);
    }

    /**
     * @param rootPackage e.g. {@code io.benchline.provisioner}
     * @param infrastructurePackages sub-packages allowed to use Kafka and SSHD types, e.g. {@code messaging},
     *     {@code ssh}
     */
    public static List<ArchRule> forService(String rootPackage, String... infrastructurePackages) {
        String[] allowed = new String[infrastructurePackages.length + 1];
        allowed[0] = rootPackage;
        for (int i = 0; i < infrastructurePackages.length; i++) {
            allowed[i + 1] = rootPackage + "." + infrastructurePackages[i] + "..";
        }
        return List.of(
                slices().matching(rootPackage + ".(*)..")
                        .should()
                        .beFreeOfCycles()
                        .as("feature packages of " + rootPackage + " have no cycles"),
                noClasses()
                        .should()
                        .resideInAPackage("..util..")
                        .as("no util package")
                        .allowEmptyShould(true),
                noClasses()
                        .that()
                        .resideOutsideOfPackages(allowed)
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..", "org.apache.sshd..")
                        .as("feature logic does not import Kafka or SSHD types")
                        .allowEmptyShould(true));
    }
}
