package io.benchline.localstack.chaos;

import io.benchline.simulator.IssuedSecret;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The secrets {@code no-plaintext-secrets} looks for, and the log half of the scan (the Kafka half runs inside
 * {@link KafkaReading}'s raw pass, over key, value and every header of every record, aborted ones too): each accepted
 * signup's password, and every API secret, one-time login key and password the bench host issued or was given
 * ({@link io.benchline.simulator.FrappeSimulator#issuedSecrets()}: the Administrator passwords the provisioner set,
 * the customers' passwords user-service set). Every {@code *.log} file under the logs folder is read in chunks that
 * overlap by the longest secret, so a secret across a chunk border is found too.
 */
final class PlaintextSecrets {

    private static final int CHUNK = 1 << 20;

    private PlaintextSecrets() {}

    static SecretNeedles needles(List<AcceptedSignup> accepted, List<IssuedSecret> issued) {
        SecretNeedles needles = new SecretNeedles();
        accepted.forEach(a -> needles.add(a.password(), "the password of tenant " + a.tenantId()));
        issued.forEach(s -> needles.add(s.value(), label(s)));
        return needles.prepare();
    }

    private static String label(IssuedSecret s) {
        return switch (s.kind()) {
            case API_SECRET -> "an API secret issued on " + s.site() + " at " + s.at();
            case LOGIN_KEY -> "a login key minted on " + s.site() + " at " + s.at();
            case PASSWORD -> "a password set for " + s.user() + " on " + s.site() + " at " + s.at();
        };
    }

    /** Every {@code *.log} under the folder (none when it does not exist). */
    static List<Path> logFiles(Path folder) {
        if (folder == null || !Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".log"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the logs in " + folder, e);
        }
    }

    /** One line per secret found in a log file. */
    static List<String> scanLogs(List<Path> files, SecretNeedles needles, int longestSecret) {
        List<String> hits = new ArrayList<>();
        for (Path file : files) {
            Set<String> found = new LinkedHashSet<>();
            try (InputStream in = Files.newInputStream(file)) {
                byte[] carry = new byte[0];
                byte[] buffer = new byte[CHUNK];
                int read;
                while ((read = in.readNBytes(buffer, 0, CHUNK)) > 0) {
                    byte[] chunk = new byte[carry.length + read];
                    System.arraycopy(carry, 0, chunk, 0, carry.length);
                    System.arraycopy(buffer, 0, chunk, carry.length, read);
                    found.addAll(needles.find(chunk));
                    int keep = Math.min(chunk.length, Math.max(0, longestSecret - 1));
                    carry = Arrays.copyOfRange(chunk, chunk.length - keep, chunk.length);
                }
            } catch (IOException e) {
                hits.add("log " + file.getFileName() + " could not be read: "
                        + e.getClass().getSimpleName());
            }
            found.forEach(label -> hits.add(label + " in log " + file.getFileName()));
        }
        return hits;
    }
}
