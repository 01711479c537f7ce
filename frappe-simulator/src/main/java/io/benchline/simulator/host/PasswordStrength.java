package io.benchline.simulator.host;

import java.util.Locale;
import java.util.Set;

/**
 * A small stand-in for the zxcvbn score Frappe's password policy uses (0 to 4). It keeps zxcvbn's
 * behaviour where it matters to callers: common passwords score 0, and a password built from the
 * user's own name or email scores lower.
 */
final class PasswordStrength {

    private static final Set<String> COMMON = Set.of(
            "password",
            "password1",
            "password123",
            "123456",
            "12345678",
            "123456789",
            "qwerty",
            "qwerty123",
            "admin",
            "admin123",
            "letmein",
            "welcome",
            "iloveyou",
            "abc123",
            "111111",
            "monkey",
            "dragon",
            "changeme",
            "secret",
            "administrator");

    record Result(int score, String feedback) {}

    static Result score(String password, String... userData) {
        String lower = password.toLowerCase(Locale.ROOT);
        if (password.length() < 6 || COMMON.contains(lower)) {
            return new Result(0, "This is a very common password. Add another word or two. Uncommon words are better.");
        }
        int classes = (password.chars().anyMatch(Character::isLowerCase) ? 1 : 0)
                + (password.chars().anyMatch(Character::isUpperCase) ? 1 : 0)
                + (password.chars().anyMatch(Character::isDigit) ? 1 : 0)
                + (password.chars().anyMatch(c -> !Character.isLetterOrDigit(c)) ? 1 : 0);
        int score;
        if (password.length() >= 16) {
            score = 4;
        } else if ((password.length() >= 8 && classes >= 3) || (password.length() >= 12 && classes >= 2)) {
            score = 3;
        } else if (password.length() >= 8 && classes >= 2) {
            score = 2;
        } else {
            score = 1;
        }
        for (String data : userData) {
            if (data != null && data.length() >= 3 && lower.contains(data.toLowerCase(Locale.ROOT))) {
                score = Math.max(0, score - 2);
                break;
            }
        }
        return new Result(
                score,
                score >= 3
                        ? ""
                        : "Better add a few more letters or another word. Add another word or two. Uncommon words are better.");
    }

    private PasswordStrength() {}
}
