package io.benchline.provisioner.provisioning;

import io.benchline.platform.secrets.Secret;
import java.security.SecureRandom;

/**
 * Temporary Administrator passwords: 32 characters from SecureRandom, alphanumeric without look-alikes, so they pass
 * the bench command allow-list and Frappe's password policy alike.
 */
final class PasswordGenerator {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int LENGTH = 32;

    private final SecureRandom random = new SecureRandom();

    Secret next() {
        StringBuilder password = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return Secret.of(password.toString());
    }
}
