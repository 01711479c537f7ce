package io.benchline.deploycheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The Benchline work tree these tests run in, found from the module directory Maven starts them in. */
final class Repository {

    static final Path ROOT = findRoot();

    private Repository() {}

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Regular files under {@code folder} whose names end with one of {@code suffixes}, sorted. */
    static List<Path> files(String folder, String... suffixes) {
        try (Stream<Path> walk = Files.walk(path(folder))) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(suffixes)
                            .anyMatch(s -> p.getFileName().toString().endsWith(s)))
                    .filter(p -> !ROOT.relativize(p).toString().contains("/target/"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String relative(Path file) {
        return ROOT.relativize(file).toString();
    }

    private static Path findRoot() {
        // Surefire runs in deploy/deploy-check; walk up so running from anywhere inside the tree also works.
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/deploy-check")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("run inside the Benchline work tree (no deploy/deploy-check above "
                + Path.of("").toAbsolutePath() + ")");
    }
}
