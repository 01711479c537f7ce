package io.benchline.devbroker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * What a data folder was formatted for, kept beside {@code meta.properties}: plaintext, or SASL_SSL with which
 * SCRAM users. SCRAM users exist only from format time, so a secured start on a plaintext folder (or one formatted
 * without a user it now needs, or with passwords that were since thrown away) is refused, not half-started.
 */
final class FormatRecord {

    private static final String FILE = "benchline-format.properties";

    private FormatRecord() {}

    static void write(Path data, BrokerSecurity security, List<String> users) throws IOException {
        Properties record = new Properties();
        record.setProperty("listener", security == null ? "PLAINTEXT" : "SASL_SSL");
        if (security != null) {
            record.setProperty("scram.users", String.join(",", BrokerSecurity.allUsers(users)));
        }
        try (var out = Files.newOutputStream(BrokerSecurity.privateFile(data.resolve(FILE)))) {
            record.store(out, "Benchline development broker: how this data folder was formatted");
        }
    }

    static void check(Path data, BrokerSecurity security, List<String> users) throws IOException {
        Properties record = new Properties();
        Path file = data.resolve(FILE);
        if (Files.exists(file)) {
            try (var in = Files.newInputStream(file)) {
                record.load(in);
            }
        }
        // Folders formatted before this record existed were plaintext.
        boolean secured = "SASL_SSL".equals(record.getProperty("listener", "PLAINTEXT"));
        String wipe = "; use another data folder or wipe it (run.sh --fresh)";
        if (security == null && secured) {
            throw new IllegalStateException(data + " was formatted for a secured broker (--secure)" + wipe);
        }
        if (security == null) {
            return;
        }
        if (!secured) {
            throw new IllegalStateException(data + " was formatted for a plaintext broker, without SCRAM users" + wipe);
        }
        if (security.made()) {
            throw new IllegalStateException(
                    data + " was formatted with SCRAM passwords that are gone from " + security.folder() + wipe);
        }
        List<String> formatted = List.of(record.getProperty("scram.users", "").split(","));
        for (String user : BrokerSecurity.allUsers(users)) {
            if (!formatted.contains(user)) {
                throw new IllegalStateException(
                        "SCRAM user " + user + " was not made when " + data + " was formatted" + wipe);
            }
        }
    }
}
