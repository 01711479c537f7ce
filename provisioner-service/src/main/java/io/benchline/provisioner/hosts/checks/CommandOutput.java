package io.benchline.provisioner.hosts.checks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what the check commands print. Bench may print a line before its answer (a legacy editable install's
 * {@code WARN: bench is installed in editable mode!}), so a single value is read from the LAST non-empty line of
 * stdout and app versions from the lines that have their shape, never from the whole of stdout.
 */
final class CommandOutput {

    private static final Pattern VERSION = Pattern.compile("v?\\d+(\\.\\d+)+([.+-][0-9A-Za-z.+-]*)?");
    /** {@code bench version}'s legacy format (frappe/commands/utils.py): one {@code "<app> <version>"} per app. */
    private static final Pattern APP_VERSION =
            Pattern.compile("([a-z][a-z0-9_]*) (v?\\d+(\\.\\d+)+([.+-][0-9A-Za-z.+-]*)?)");

    private static final int EXCERPT = 160;

    private CommandOutput() {}

    static Optional<String> lastLine(String stdout) {
        String[] lines = stdout.split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return Optional.of(lines[i].strip());
            }
        }
        return Optional.empty();
    }

    /** {@code bench --version}: {@code 5.22.6}. */
    static Optional<String> benchVersion(String stdout) {
        return lastLine(stdout).filter(line -> VERSION.matcher(line).matches());
    }

    /** {@code bench version}: app to version, in the order printed; lines of another shape are ignored. */
    static Map<String, String> appVersions(String stdout) {
        Map<String, String> versions = new LinkedHashMap<>();
        for (String line : stdout.split("\\R")) {
            Matcher m = APP_VERSION.matcher(line.strip());
            if (m.matches()) {
                versions.put(m.group(1), m.group(2));
            }
        }
        return versions;
    }

    /** The last non-empty line of stdout or stderr, shortened, for a finding's detail (never for cat's output). */
    static String excerpt(String stdout, String stderr) {
        String line = lastLine(stderr).or(() -> lastLine(stdout)).orElse("(no output)");
        return line.length() <= EXCERPT ? line : line.substring(0, EXCERPT) + "…";
    }
}
