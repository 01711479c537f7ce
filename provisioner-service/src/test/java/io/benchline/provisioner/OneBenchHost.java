package io.benchline.provisioner;

import io.benchline.simulator.fixture.SimulatedBenchHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One simulated bench host ({@code bench-1}) in a temporary folder of its own, as a JUnit extension: started before
 * the class's tests, closed and its folder deleted after them. For test classes that start their provisioners
 * themselves; {@link ProvisionerOnBenchHost} adds one. Register it with
 * {@code @RegisterExtension static final OneBenchHost bench = new OneBenchHost("name");}.
 */
final class OneBenchHost implements BeforeAllCallback, AfterAllCallback {

    private final String name;
    private Path folder;
    private SimulatedBenchHost host;

    /** @param name prefixes the temporary folder */
    OneBenchHost(String name) {
        this.name = name;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        folder = Files.createTempDirectory(name);
        host = SimulatedBenchHost.start(folder.resolve("bench-1"));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (host != null) {
            host.close();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(OneBenchHost::delete);
        }
    }

    SimulatedBenchHost host() {
        return host;
    }

    /** The temporary folder, for other files a test writes (the host's own is {@code bench-1} in it). */
    Path folder() {
        return folder;
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
