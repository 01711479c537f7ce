package io.benchline.provisioner.bench;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whose one-time login key may be minted: a customer's user named by an email address inside the contract's
 * allow-list, never Administrator (user name {@code Administrator}, email {@code admin@example.com} on a fresh site)
 * nor Guest. Checked before anything reaches a host, and once more where the command line is built.
 */
public final class LoginKeyUsers {

    /** Frappe's built-in users' names and the emails a fresh site gives them. */
    private static final Set<String> BUILT_IN =
            Set.of("administrator", "admin@example.com", "guest", "guest@example.com");

    private LoginKeyUsers() {}

    /** Why no login key may be minted for {@code email}, if none may; the text never quotes the address. */
    public static Optional<String> refusal(String email) {
        if (email == null || email.isBlank()) {
            return Optional.of("the signup has no email address");
        }
        if (isAdministrator(email)) {
            return Optional.of("login keys are never minted for Administrator or Guest");
        }
        if (!BenchCommandLines.EMAIL.matcher(email).matches()) {
            return Optional.of("the signup's email address is outside the login-key allow-list");
        }
        return Optional.empty();
    }

    static boolean isAdministrator(String email) {
        if (email == null) {
            return false;
        }
        String lower = email.toLowerCase(Locale.ROOT);
        int at = lower.indexOf('@');
        String local = at < 0 ? lower : lower.substring(0, at);
        return BUILT_IN.contains(lower) || local.equals("administrator");
    }
}
