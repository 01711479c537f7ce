package io.benchline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service jar extracted once per build, beside it, and started from its application jar with lib/ beside. */
class ExtractedJarTests {

    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** The smallest service jar the reactor built before these tests. */
    private static final Path VERIFIER_JAR =
            Path.of("../../../verifier-service/target/verifier-service-0.1.0-SNAPSHOT.jar");

    @TempDir
    Path target;

    @Test
    void extractsOnceForEachBuildOfTheJarAndRemovesEarlierBuilds() throws Exception {
        Path jar = Files.copy(VERIFIER_JAR, target.resolve("verifier-service.jar"));

        Path first = ExtractedJar.of(JAVA, jar);
        try (JarFile application = new JarFile(first.toFile())) {
            assertThat(application.getManifest().getMainAttributes().getValue("Class-Path"))
                    .contains("lib/spring-boot-");
        }
        assertThat(first.resolveSibling("lib")).isDirectoryContaining("glob:**/kafka-clients-*.jar");
        Path marker = Files.createFile(first.resolveSibling("marker"));

        assertThat(ExtractedJar.of(JAVA, jar)).isEqualTo(first);
        assertThat(marker).exists(); // the same build: not extracted again

        // A rebuild (another modification time) is extracted anew, and the earlier extraction goes.
        Files.setLastModifiedTime(
                jar,
                FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis()
                        + Duration.ofMinutes(1).toMillis()));
        Path second = ExtractedJar.of(JAVA, jar);
        assertThat(second).isNotEqualTo(first).isRegularFile();
        assertThat(first.getParent()).doesNotExist();
        assertThat(folders(target.resolve("extracted"))).containsExactly(second.getParent());
    }

    @Test
    void aJarTheToolCannotExtractFailsWithItsOutputAndLeavesNothingBehind() throws Exception {
        Path notBoot = target.resolve("not-boot.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(notBoot), manifest)) {
            // a manifest without Main-Class: not Spring Boot's, so no jarmode
        }

        assertThatThrownBy(() -> ExtractedJar.of(JAVA, notBoot))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("extracting " + notBoot)
                .hasMessageContaining("no main manifest attribute");
        assertThat(folders(target.resolve("extracted"))).isEmpty();
    }

    private static List<Path> folders(Path parent) throws IOException {
        try (Stream<Path> children = Files.list(parent)) {
            return children.toList();
        }
    }
}
