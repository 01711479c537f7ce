package io.benchline.localstack;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.springframework.util.FileSystemUtils;

/**
 * A service's fat jar as the stack starts it: extracted the way Spring Boot advises for running in production
 * ({@code java -Djarmode=tools -jar app.jar extract}: the application's classes in a jar of their own, its libraries
 * beside it in {@code lib/}, all on the plain class path). From the fat jar, every class comes through Boot's nested
 * jar loader; the stack started 6–10 s slower that way on 2 cores (37.8 vs 31.5 s, median of 3 starts each,
 * BENCHMARKS.md "Local stack start-up and memory"), in every test class that starts a stack.
 *
 * <p>Extracted once per build of the jar, next to it ({@code target/extracted/<jar>-<size>-<mtime>/}), into a
 * temporary folder moved into place in one step, so a second launcher (tests beside a developer's stack) never
 * starts from half an extraction. Extractions of earlier builds are removed.
 */
final class ExtractedJar {

    private static final long EXTRACT_TIMEOUT_SECONDS = 120;

    private ExtractedJar() {}

    /** @return the application jar of {@code fatJar}'s extraction, to start with {@code java -jar} */
    static Path of(String java, Path fatJar) throws IOException {
        String name = fatJar.getFileName().toString();
        String base = name.substring(0, name.length() - ".jar".length());
        Path parent = fatJar.toAbsolutePath().getParent().resolve("extracted");
        String stamp = base + "-" + Files.size(fatJar) + "-"
                + Files.getLastModifiedTime(fatJar).toMillis();
        Path folder = parent.resolve(stamp);
        Path applicationJar = folder.resolve(name);
        if (Files.isRegularFile(applicationJar)) {
            return applicationJar;
        }
        Files.createDirectories(parent);
        Path temporary = parent.resolve(".tmp-" + UUID.randomUUID());
        try {
            extract(java, fatJar, temporary);
            Files.move(temporary, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            if (!Files.isRegularFile(applicationJar)) {
                throw e; // not another launcher's finished extraction: a real failure
            }
        } finally {
            FileSystemUtils.deleteRecursively(temporary);
        }
        removeEarlierBuilds(parent, base, stamp);
        return applicationJar;
    }

    private static void extract(String java, Path fatJar, Path destination) throws IOException {
        Path output = Files.createTempFile("extract-", ".log");
        try {
            Process process = new ProcessBuilder(
                            java,
                            "-Djarmode=tools",
                            "-jar",
                            fatJar.toString(),
                            "extract",
                            "--destination",
                            destination.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            boolean exited = process.waitFor(EXTRACT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            if (!exited || process.exitValue() != 0) {
                throw new IOException("extracting " + fatJar + " failed: "
                        + Files.readString(output).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while extracting " + fatJar, e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Best effort: another launcher may be removing the same folders. */
    private static void removeEarlierBuilds(Path parent, String base, String current) {
        try (Stream<Path> folders = Files.list(parent)) {
            for (Path folder : folders.filter(f -> {
                        String n = f.getFileName().toString();
                        return n.startsWith(base + "-") && !n.equals(current);
                    })
                    .toList()) {
                FileSystemUtils.deleteRecursively(folder);
            }
        } catch (IOException e) {
            // left for the next start (or mvn clean) to remove
        }
    }
}
