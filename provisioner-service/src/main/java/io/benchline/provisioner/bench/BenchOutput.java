package io.benchline.provisioner.bench;

import io.benchline.platform.secrets.Secret;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What bench printed, made fit for a failure message: secrets removed (the ones we know, plus anything shaped like
 * an API secret or a password argument) and trimmed to the last lines, where Python puts the actual error.
 */
final class BenchOutput {

    private static final int MAX_LINES = 6;
    private static final int MAX_CHARS = 600;
    private static final String REDACTED = "[redacted]";
    /**
     * A secret-bearing field as Python prints a dict ({@code 'api_secret': '...'}), as JSON has it
     * ({@code "api_secret": "..."}) or as an assignment ({@code api_secret=...}): the whole quoted value goes, spaces
     * and all. Only whole field names count ({@code password_hint} is left alone).
     */
    private static final Pattern SECRET_FIELD = Pattern.compile("((?<![A-Za-z0-9_])"
            + "(?:api_secret|api_key|admin_password|new_password|root_password|mariadb_root_password"
            + "|db_root_password|db_password|password)"
            + "[\"']?\\s*[:=]\\s*)(?:\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'|[^\\s,}\\]\"']+)");

    private static final Pattern PASSWORD_ARGUMENT =
            Pattern.compile("(--(?:admin-|db-root-|mariadb-root-)?password[ =])\\S+");
    private static final Pattern SET_ADMIN_PASSWORD = Pattern.compile("(set-admin-password )\\S+");

    private BenchOutput() {}

    static String forMessage(String output, List<Secret> knownSecrets) {
        String text = output == null ? "" : output;
        for (Secret secret : knownSecrets) {
            if (secret != null && !secret.reveal().isEmpty()) {
                text = text.replace(secret.reveal(), REDACTED);
            }
        }
        text = SECRET_FIELD.matcher(text).replaceAll("$1" + REDACTED);
        text = PASSWORD_ARGUMENT.matcher(text).replaceAll("$1" + REDACTED);
        text = SET_ADMIN_PASSWORD.matcher(text).replaceAll("$1" + REDACTED);
        List<String> lines =
                text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String tail = String.join(" | ", lines.subList(Math.max(0, lines.size() - MAX_LINES), lines.size()));
        return tail.length() <= MAX_CHARS ? tail : "…" + tail.substring(tail.length() - MAX_CHARS);
    }
}
