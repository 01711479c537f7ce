package io.benchline.simulator.shell;

import io.benchline.simulator.bench.Terminal;
import io.benchline.simulator.host.PythonJson;
import io.benchline.simulator.host.SimulatedHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * GNU coreutils {@code sha256sum} and {@code stat -c FORMAT} over the host's files (backups, archived sites) and its
 * config files: output formats and error texts as coreutils 8.32–9.x print them, exit 1 when any file failed.
 */
final class FileCommands {

    /** What stat reports as a directory's size on ext4. */
    private static final long DIRECTORY_SIZE = 4096;

    private final SimulatedHost host;

    FileCommands(SimulatedHost host) {
        this.host = host;
    }

    /**
     * {@code sha256sum [--] FILE…}: {@code <64 hex>  <name>} per file (two spaces: text mode); a name with a backslash
     * or newline is escaped and the line starts with a backslash. Missing: {@code sha256sum: NAME: No such file or
     * directory}; a folder: {@code sha256sum: NAME: Is a directory}; both on stderr, the other files still summed.
     */
    int sha256sum(List<String> args, String cwd, Terminal terminal) {
        List<String> names = operands(args, "sha256sum", terminal);
        if (names == null) {
            return 1;
        }
        int exit = 0;
        for (String name : names) {
            String path = resolve(cwd, name);
            Optional<byte[]> content = read(path);
            if (content.isEmpty()) {
                String why = host.isDirectory(path) ? "Is a directory" : "No such file or directory";
                terminal.err().print("sha256sum: " + name + ": " + why + "\n");
                exit = 1;
                continue;
            }
            boolean escape = name.contains("\\") || name.contains("\n");
            String shown = escape ? name.replace("\\", "\\\\").replace("\n", "\\n") : name;
            terminal.out().print((escape ? "\\" : "") + sha256(content.get()) + "  " + shown + "\n");
        }
        return exit;
    }

    /**
     * {@code stat -c FORMAT [--] FILE…} (also {@code --format=FORMAT}, {@code --format FORMAT}): the format with
     * {@code %s} (size in bytes), {@code %n} (the name as given), {@code %F} (file type) and {@code %%}, then a
     * newline. Missing: {@code stat: cannot statx 'NAME': No such file or directory} on stderr.
     */
    int stat(List<String> args, String cwd, Terminal terminal) {
        String format = null;
        int i = 0;
        while (i < args.size() && args.get(i).startsWith("-") && !args.get(i).equals("--")) {
            String option = args.get(i);
            if ((option.equals("-c") || option.equals("--format")) && i + 1 < args.size()) {
                format = args.get(i + 1);
                i += 2;
            } else if (option.startsWith("--format=")) {
                format = option.substring("--format=".length());
                i++;
            } else if (option.startsWith("-c") && option.length() > 2) {
                format = option.substring(2);
                i++;
            } else {
                terminal.err()
                        .print("stat: invalid option -- '" + option.replaceFirst("^-+", "") + "'\n"
                                + "Try 'stat --help' for more information.\n");
                return 1;
            }
        }
        if (i < args.size() && args.get(i).equals("--")) {
            i++;
        }
        List<String> names = args.subList(i, args.size());
        if (format == null) {
            terminal.err().print("stat: only 'stat -c FORMAT FILE...' is simulated\n");
            return 1;
        }
        if (names.isEmpty()) {
            terminal.err().print("stat: missing operand\nTry 'stat --help' for more information.\n");
            return 1;
        }
        int exit = 0;
        for (String name : names) {
            String path = resolve(cwd, name);
            Optional<byte[]> content = read(path);
            boolean directory = content.isEmpty() && host.isDirectory(path);
            if (content.isEmpty() && !directory) {
                terminal.err().print("stat: cannot statx '" + name + "': No such file or directory\n");
                exit = 1;
                continue;
            }
            long size = directory ? DIRECTORY_SIZE : content.get().length;
            String type = directory ? "directory" : size == 0 ? "regular empty file" : "regular file";
            terminal.out().print(expand(format, name, size, type) + "\n");
        }
        return exit;
    }

    private static String expand(String format, String name, long size, String type) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                out.append(c);
                continue;
            }
            char directive = format.charAt(++i);
            switch (directive) {
                case 's' -> out.append(size);
                case 'n' -> out.append(name);
                case 'F' -> out.append(type);
                case '%' -> out.append('%');
                default -> out.append('?');
            }
        }
        return out.toString();
    }

    /** The operands after an optional {@code --}; an option is coreutils' usage error (null). */
    private static List<String> operands(List<String> args, String program, Terminal terminal) {
        int i = 0;
        if (!args.isEmpty() && args.get(0).equals("--")) {
            i = 1;
        } else if (!args.isEmpty()
                && args.get(0).startsWith("-")
                && !args.get(0).equals("-")) {
            terminal.err()
                    .print(program + ": invalid option -- '" + args.get(0).replaceFirst("^-+", "") + "'\n" + "Try '"
                            + program + " --help' for more information.\n");
            return null;
        }
        List<String> names = args.subList(i, args.size());
        if (names.isEmpty()) {
            // No operand reads standard input: an exec without stdin gives the empty input's sum.
            return List.of();
        }
        return names;
    }

    private static String resolve(String cwd, String name) {
        return Path.of(cwd).resolve(name).normalize().toString();
    }

    /** A regular file's bytes: the config files made from the host's state, else the files commands wrote. */
    private Optional<byte[]> read(String path) {
        String sites = host.sitesFolder() + "/";
        if (path.equals(sites + "common_site_config.json")) {
            return Optional.of(host.commonConfigFile().getBytes(StandardCharsets.UTF_8));
        }
        if (path.startsWith(sites) && path.endsWith("/site_config.json")) {
            String site = path.substring(sites.length(), path.length() - "/site_config.json".length());
            Optional<byte[]> live = host.site(site)
                    .map(s -> PythonJson.dumpsIndented(s.config()).getBytes(StandardCharsets.UTF_8));
            if (live.isPresent()) {
                return live;
            }
        }
        return host.files().read(path);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
