package io.benchline.provisioner.bench;

import io.benchline.provisioner.ssh.CommandResult;
import java.util.regex.Pattern;

/**
 * What a failed bench command says, read as frappe-facts.md "How to read a failed command" prescribes: only the exact
 * {@code Site S already exists} line means the name is taken, and a host that cannot run bench is the host's problem,
 * never a fact about the customer's subdomain.
 */
public enum BenchFailure {
    /** Exit 1 with {@code Site S does not exist!}. */
    ABSENT,
    /** Exit 1 with a traceback of a missing database, table or database user: a site folder without a working site. */
    HALF_BUILT,
    /** Exit 1 with exactly the line {@code Site S already exists} (new-site). */
    TAKEN,
    /**
     * The host cannot run bench as configured: exit 127 (bench not found), exit 2 (usage error, or not in a bench
     * folder), or exit 1 with {@code You should not run this command as root}.
     */
    HOST_MISCONFIGURED,
    /** Exit 124 or 137: the host's {@code timeout} stopped the command. */
    TIMED_OUT,
    /** Anything else: a failed bench command, which says nothing about the subdomain. */
    COMMAND_FAILED;

    /** MySQL 1049 unknown database, 1146 missing table, 1045 the site's database user refused (its grants are gone). */
    private static final Pattern MISSING_DATABASE = Pattern.compile(
            "(?m)^\\S*(pymysql|MySQLdb)\\S*(OperationalError|ProgrammingError|InternalError): \\((1049|1146|1045),");

    static BenchFailure of(CommandResult result, SiteName site) {
        return switch (result.exitCode()) {
            case 127, 2 -> HOST_MISCONFIGURED;
            case 124, 137 -> TIMED_OUT;
            case 1 -> ofExitOne(result, site);
            default -> COMMAND_FAILED;
        };
    }

    private static BenchFailure ofExitOne(CommandResult result, SiteName site) {
        String output = result.output();
        if (output.contains("You should not run this command as root")) {
            return HOST_MISCONFIGURED;
        }
        if (site != null && hasLine(output, "Site " + site.value() + " does not exist!")) {
            return ABSENT;
        }
        if (site != null && hasLine(result.stdout(), "Site " + site.value() + " already exists")) {
            return TAKEN;
        }
        if (MISSING_DATABASE.matcher(output).find()) {
            return HALF_BUILT;
        }
        return COMMAND_FAILED;
    }

    private static boolean hasLine(String text, String line) {
        return text.lines().anyMatch(l -> l.strip().equals(line));
    }
}
