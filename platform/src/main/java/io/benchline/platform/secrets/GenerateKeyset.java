package io.benchline.platform.secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a new AES-256-GCM keyset to a file readable by its owner only. Usage:
 * {@code mvn -q -pl platform exec:java -Dexec.mainClass=io.benchline.platform.secrets.GenerateKeyset
 * -Dexec.args=FILE}.
 */
public final class GenerateKeyset {

    private GenerateKeyset() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: GenerateKeyset <keyset-file>");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        if (Files.exists(file)) {
            System.err.println(file + " exists; refusing to overwrite a keyset (ciphertexts would become unreadable)");
            System.exit(1);
        }
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, Keysets.generateJson());
        System.out.println("wrote a new AES-256-GCM keyset to " + file);
    }
}
