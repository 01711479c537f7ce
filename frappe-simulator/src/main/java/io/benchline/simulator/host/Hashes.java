package io.benchline.simulator.host;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Frappe's {@code generate_hash}: random lowercase hex of a given length, plus salted password digests. */
final class Hashes {

    private static final HexFormat HEX = HexFormat.of();

    private final SecureRandom random = new SecureRandom();

    String generate(int length) {
        byte[] bytes = new byte[(length + 1) / 2];
        random.nextBytes(bytes);
        return HEX.formatHex(bytes).substring(0, length);
    }

    /** Keeps no plain password in memory longer than the request that set it. */
    String digest(String salt, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt.getBytes(StandardCharsets.UTF_8));
            return HEX.formatHex(sha.digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static boolean sameDigest(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
