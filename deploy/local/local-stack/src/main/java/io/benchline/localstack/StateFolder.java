package io.benchline.localstack;

import io.benchline.platform.secrets.Keysets;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Base64;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.springframework.util.FileSystemUtils;

/**
 * The stack's throw-away credentials, made on first start and kept between runs in a git-ignored folder:
 * one Tink keyset per purpose, the provisioner's SSH key pair, the bench host's authorized_keys, and (once the
 * simulator has its host key) known_hosts. Services read them as production reads real ones: from files.
 */
final class StateFolder {

    private final Path root;

    StateFolder(Path root) {
        this.root = root;
    }

    static StateFolder prepare(Path root, boolean fresh) throws IOException, GeneralSecurityException {
        if (fresh) {
            FileSystemUtils.deleteRecursively(root);
        }
        Files.createDirectories(root.resolve("logs"));
        StateFolder state = new StateFolder(root);
        state.writeOnce(state.customerPasswordKeyset(), Keysets.generateJson());
        state.writeOnce(state.siteCredentialsKeyset(), Keysets.generateJson());
        state.writeOnce(state.loginKeyKeyset(), Keysets.generateJson());
        byte[] tokenKey = new byte[32];
        new SecureRandom().nextBytes(tokenKey);
        state.writeOnce(state.streamTokenKeyFile(), Base64.getEncoder().encodeToString(tokenKey));
        byte[] canaryToken = new byte[32];
        new SecureRandom().nextBytes(canaryToken);
        state.writeOnce(
                state.canaryToken(), Base64.getUrlEncoder().withoutPadding().encodeToString(canaryToken));
        if (!Files.exists(state.sshPrivateKey())) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            KeyPair pair = generator.generateKeyPair();
            try (OutputStream out = Files.newOutputStream(createPrivate(state.sshPrivateKey()))) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "benchline-local", null, out);
            }
            Files.writeString(state.authorizedKeys(), publicKeyLine(pair.getPublic()) + "\n");
        }
        return state;
    }

    void writeKnownHosts(String... knownHostsLines) throws IOException {
        Files.writeString(knownHosts(), String.join("\n", knownHostsLines) + "\n");
    }

    Path root() {
        return root;
    }

    Path customerPasswordKeyset() {
        return root.resolve("keysets/customer-password.json");
    }

    Path siteCredentialsKeyset() {
        return root.resolve("keysets/site-credentials.json");
    }

    /** One-time login keys: the provisioner seals them, signup-service opens them (issue 16's hand-off). */
    Path loginKeyKeyset() {
        return root.resolve("keysets/login-key.json");
    }

    /** Where GreenMail's mails are written with {@code --verify-email}. */
    Path mail() {
        return root.resolve("mail");
    }

    /** The key every signup-service instance signs SSE stream tokens with. */
    String streamTokenKey() {
        try {
            return Files.readString(streamTokenKeyFile()).trim();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path streamTokenKeyFile() {
        return root.resolve("keysets/stream-token.key");
    }

    /** operator-service's development signing key pair ({@link OperatorTokens}). */
    Path operatorJwt() {
        return root.resolve("operator-jwt");
    }

    /** A read-and-write operator token, re-minted at every start (a bare JWT). */
    Path operatorToken() {
        return root.resolve("operator-token");
    }

    /** A read-only operator token, re-minted at every start. */
    Path operatorReadOnlyToken() {
        return root.resolve("operator-token-readonly");
    }

    /** operator-service's Kafka Streams state (the lifecycle's stores); {@code --fresh} wipes it with the data. */
    Path operatorStreams() {
        return root.resolve("operator-streams");
    }

    /** The canary's {@code X-Benchline-Canary} value; signup-service knows only its SHA-256. */
    Path canaryToken() {
        return root.resolve("keysets/canary-token");
    }

    /** Lower-case hex SHA-256 of the canary token's UTF-8 bytes: signup-service's canary.token-sha256. */
    String canaryTokenSha256() {
        try {
            byte[] token = Files.readString(canaryToken()).trim().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            return java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(token));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    /** The password of the canary's mailbox on GreenMail (GreenMail's default: the address itself). */
    Path canaryMailboxPassword() {
        return root.resolve("canary/mailbox-password");
    }

    Path sshPrivateKey() {
        return root.resolve("ssh/id_ecdsa");
    }

    Path authorizedKeys() {
        return root.resolve("ssh/authorized_keys");
    }

    Path knownHosts() {
        return root.resolve("ssh/known_hosts");
    }

    Path simulatorHostKey() {
        return root.resolve("ssh/simulator_host_key");
    }

    Path spareSimulatorHostKey() {
        return root.resolve("ssh/spare_simulator_host_key");
    }

    Path kafkaData() {
        return root.resolve("kafka");
    }

    /** The secured broker's TLS material, passwords and client configurations (dev-broker {@code --secure}). */
    Path kafkaSecurity() {
        return root.resolve("kafka-security");
    }

    Path log(String name) {
        return root.resolve("logs/" + name + ".log");
    }

    private void writeOnce(Path file, String content) throws IOException {
        if (!Files.exists(file)) {
            Files.writeString(createPrivate(file), content);
        }
    }

    private static Path createPrivate(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.createFile(
                file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }

    private static String publicKeyLine(PublicKey key) {
        return PublicKeyEntry.toString(key) + " benchline-local";
    }
}
