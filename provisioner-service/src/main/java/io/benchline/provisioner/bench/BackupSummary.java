package io.benchline.provisioner.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files {@code bench backup} wrote, read from its summary (frappe's {@code BackupGenerator.print_summary}):
 *
 * <pre>
 * Backup Summary for &lt;site&gt; at &lt;timestamp&gt;
 * Config  : &lt;path&gt; &lt;size&gt;
 * Database: &lt;path&gt; &lt;size&gt;
 * Public  : &lt;path&gt; &lt;size&gt;
 * Private : &lt;path&gt; &lt;size&gt;
 * </pre>
 *
 * The titles are padded to the longest and the paths too, so any run of spaces separates the columns. The printed
 * size is rounded for humans: the exact size is read on the host ({@code stat}). Each path must lie in the
 * operation's {@link BackupLocation}; anything else is refused, so no other file is ever named on a command line.
 */
public record BackupSummary(List<File> files) {

    private static final Pattern LINE = Pattern.compile("(Config|Database|Public|Private)\\s*:\\s*(\\S+)\\s+\\S+");

    /** One file: its kind as BackupFile names it (database, public-files, private-files, site-config) and path. */
    public record File(String kind, String path) {}

    public BackupSummary {
        files = List.copyOf(files);
    }

    public List<String> paths() {
        return files.stream().map(File::path).toList();
    }

    /**
     * @throws IllegalArgumentException when no summary or no database file is printed, or a path lies outside
     *     {@code location}; the message does not quote the path
     */
    static BackupSummary parse(String stdout, BackupLocation location) {
        List<File> files = new ArrayList<>();
        boolean header = false;
        for (String raw : stdout.lines().toList()) {
            String line = raw.strip();
            if (line.startsWith("Backup Summary for ")) {
                header = true;
                files.clear();
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (header && m.matches()) {
                if (!location.holds(m.group(2))) {
                    throw new IllegalArgumentException("bench printed a "
                            + m.group(1).toLowerCase(Locale.ROOT) + " file outside the operation's backup folder");
                }
                files.add(new File(kind(m.group(1)), m.group(2)));
            }
        }
        if (files.stream().noneMatch(f -> f.kind().equals("database"))) {
            throw new IllegalArgumentException("bench printed no backup summary with a database file");
        }
        return new BackupSummary(files);
    }

    private static String kind(String title) {
        return switch (title) {
            case "Config" -> "site-config";
            case "Database" -> "database";
            case "Public" -> "public-files";
            default -> "private-files";
        };
    }
}
