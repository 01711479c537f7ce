package io.benchline.simulator.shell;

import io.benchline.simulator.bench.BenchCli;
import io.benchline.simulator.bench.CommandAborted;
import io.benchline.simulator.bench.CommandFault;
import io.benchline.simulator.bench.CommandFaultPolicy;
import io.benchline.simulator.bench.Terminal;
import io.benchline.simulator.host.PythonJson;
import io.benchline.simulator.host.SimulatedHost;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs a parsed {@link ShellLine} as the bench user's {@code sh -c} would: {@code cd}, {@code bench} (by name
 * on the PATH, or by its absolute path), {@code timeout}, {@code env}, {@code cat} of the config files,
 * {@code sudo} for the host's nginx reload command only, {@code test -e} and {@code mv -T} of a site folder (the
 * standby pool's rename), {@code sha256sum} and {@code stat -c} of the host's files, {@code &&} stopping at the first failure. Any other
 * program is "not found".
 */
public final class ShellInterpreter {

    /** Exit status for syntax errors, as dash uses. */
    public static final int SYNTAX_ERROR = 2;

    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");

    private static final String SUDO_NEEDS_PASSWORD = "sudo: a terminal is required to read the password; either use"
            + " the -S option to read from standard input or configure an askpass helper\nsudo: a password is"
            + " required\n";

    private final SimulatedHost host;
    private final BenchCli bench;
    private final CommandFaultPolicy faults;
    private final List<String> reloadCommand;
    private final FileCommands files;

    public ShellInterpreter(SimulatedHost host, BenchCli bench, CommandFaultPolicy faults, String reloadCommand) {
        this.host = host;
        this.bench = bench;
        this.faults = faults;
        this.files = new FileCommands(host);
        this.reloadCommand =
                ShellLine.parse(reloadCommand, host.settings().homeFolder()).words();
    }

    public String home() {
        return host.settings().homeFolder();
    }

    /** The working folder, as the shell carries it along {@code &&} ({@code cd} changes it). */
    private static final class Context {
        String cwd;

        Context(String cwd) {
            this.cwd = cwd;
        }
    }

    /**
     * @throws CommandAborted when the command ends without an exit status
     */
    public int run(ShellLine line, Terminal terminal) throws InterruptedException {
        if (line.refused()) {
            terminal.err().println(line.refusal());
            terminal.err().flush();
            return SYNTAX_ERROR;
        }
        Context context = new Context(host.settings().loginFolder());
        int exit = 0;
        for (List<String> command : line.commands()) {
            exit = command(command, context, Map.of(), null, terminal);
            terminal.out().flush();
            terminal.err().flush();
            if (exit != 0) {
                return exit;
            }
        }
        return exit;
    }

    /**
     * Runs one simple command.
     *
     * @param launcher the program that execs this one ({@code timeout}, {@code env}), which words the
     *     "not found" error; null for the shell itself
     */
    private int command(
            List<String> words, Context context, Map<String, String> environment, String launcher, Terminal terminal)
            throws InterruptedException {
        int assignments = 0;
        while (launcher == null
                && assignments < words.size()
                && ASSIGNMENT.matcher(words.get(assignments)).matches()) {
            assignments++;
        }
        if (assignments > 0) {
            // `NAME=VALUE cmd`: the shell passes the variables to that command only.
            Map<String, String> withAssignments = withVariables(environment, words.subList(0, assignments));
            return assignments == words.size()
                    ? 0
                    : command(words.subList(assignments, words.size()), context, withAssignments, null, terminal);
        }
        String program = words.get(0);
        List<String> args = words.subList(1, words.size());
        if (program.equals("cd") && launcher == null) {
            return cd(args, context, terminal);
        }
        if (program.equals("timeout")) {
            return new Timeout(terminal).run(args, (guarded, l) -> command(guarded, context, environment, l, terminal));
        }
        if (program.equals("env")) {
            return env(args, context, environment, terminal);
        }
        if (program.equals(host.settings().benchExecutable())
                || (program.equals("bench") && host.conditions().benchOnPath())) {
            return bench.run(args, context.cwd, environment, terminal);
        }
        if (words.equals(reloadCommand)) {
            return reloadNginx(terminal);
        }
        if (program.equals("sudo")) {
            return sudo(args, terminal);
        }
        if (program.equals("cat")) {
            return cat(args, context, terminal);
        }
        if (program.equals("test")) {
            return test(args, context, terminal);
        }
        if (program.equals("mv")) {
            return mv(args, context, terminal);
        }
        if (program.equals("sha256sum")) {
            return files.sha256sum(args, context.cwd, terminal);
        }
        if (program.equals("stat")) {
            return files.stat(args, context.cwd, terminal);
        }
        return notFound(program, launcher, terminal);
    }

    private static int notFound(String program, String launcher, Terminal terminal) {
        if (launcher == null) {
            terminal.err().println("sh: 1: " + program + ": not found");
        } else if (launcher.equals("timeout")) {
            terminal.err().println("timeout: failed to run command '" + program + "': No such file or directory");
        } else {
            terminal.err().println(launcher + ": '" + program + "': No such file or directory");
        }
        return 127;
    }

    private int cd(List<String> args, Context context, Terminal terminal) {
        String target = args.isEmpty() ? home() : args.get(0);
        String resolved = Path.of(context.cwd).resolve(target).normalize().toString();
        if (args.size() > 1 || !host.isDirectory(resolved)) {
            terminal.err().println("sh: 1: cd: can't cd to " + target);
            return 2;
        }
        context.cwd = resolved;
        return 0;
    }

    /** coreutils {@code env [NAME=VALUE]... [COMMAND [ARG]...]}; options are not simulated. */
    private int env(List<String> args, Context context, Map<String, String> environment, Terminal terminal)
            throws InterruptedException {
        int i = 0;
        while (i < args.size() && ASSIGNMENT.matcher(args.get(i)).matches()) {
            i++;
        }
        if (i < args.size() && args.get(i).startsWith("-")) {
            terminal.err()
                    .print("env: invalid option -- '" + args.get(i).replaceFirst("^-+", "") + "'\n"
                            + "Try 'env --help' for more information.\n");
            return 125;
        }
        Map<String, String> variables = withVariables(environment, args.subList(0, i));
        if (i == args.size()) {
            variables.forEach((name, value) -> terminal.out().print(name + "=" + value + "\n"));
            return 0;
        }
        return command(args.subList(i, args.size()), context, variables, "env", terminal);
    }

    private static Map<String, String> withVariables(Map<String, String> environment, List<String> assignments) {
        Map<String, String> variables = new LinkedHashMap<>(environment);
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            variables.put(assignment.substring(0, eq), assignment.substring(eq + 1));
        }
        return variables;
    }

    /** {@code cat} of the config files (made from the host's state) and of the files commands wrote. */
    private int cat(List<String> args, Context context, Terminal terminal) {
        int exit = 0;
        for (String file : args) {
            String path = Path.of(context.cwd).resolve(file).normalize().toString();
            String sites = host.settings().benchFolder() + "/sites/";
            String content = null;
            if (path.equals(sites + "common_site_config.json")) {
                content = host.commonConfigFile();
            } else if (path.startsWith(sites) && path.endsWith("/site_config.json")) {
                String site = path.substring(sites.length(), path.length() - "/site_config.json".length());
                content = host.site(site)
                        .map(s -> PythonJson.dumpsIndented(s.config()))
                        .orElse(null);
            }
            java.util.Optional<byte[]> written = content == null ? host.files().read(path) : java.util.Optional.empty();
            if (written.isPresent()) {
                terminal.out().write(written.get(), 0, written.get().length);
            } else if (content == null) {
                terminal.err()
                        .println("cat: " + file + ": "
                                + (host.isDirectory(path) ? "Is a directory" : "No such file or directory"));
                exit = 1;
            } else {
                terminal.out().print(content);
            }
        }
        return exit;
    }

    /**
     * {@code test ! -e PATH} (and {@code test -e PATH}): whether a path exists, silently, exit 0 true / 1 false.
     * Only the existence test is simulated; anything else is test's usage error (exit 2).
     */
    private int test(List<String> args, Context context, Terminal terminal) {
        boolean negated = args.size() == 3 && args.get(0).equals("!");
        List<String> rest = negated ? args.subList(1, args.size()) : args;
        if (rest.size() != 2 || !rest.get(0).equals("-e")) {
            terminal.err().println("sh: 1: test: unexpected operator");
            return 2;
        }
        boolean exists = exists(resolve(context, rest.get(1)));
        return exists != negated ? 0 : 1;
    }

    /**
     * coreutils {@code mv -T SOURCE DEST} of a site folder under {@code sites/}: one rename(2), so the site moves
     * whole or not at all. A missing source: {@code mv: cannot stat …}, exit 1; an existing DEST folder (a site
     * folder is never empty): {@code Directory not empty}, exit 1. Other moves are not simulated (exit 1).
     */
    private int mv(List<String> args, Context context, Terminal terminal) {
        if (args.size() != 3 || !args.get(0).equals("-T")) {
            terminal.err().println("mv: only 'mv -T SOURCE DEST' is simulated");
            return 1;
        }
        String source = args.get(1);
        String target = args.get(2);
        String sites = host.settings().benchFolder() + "/sites/";
        String from = resolve(context, source);
        String to = resolve(context, target);
        if (!exists(from)) {
            terminal.err().println("mv: cannot stat '" + source + "': No such file or directory");
            return 1;
        }
        if (!isSiteFolder(from, sites) || !isSiteFolderName(to, sites)) {
            terminal.err().println("mv: cannot move '" + source + "' to '" + target + "': Permission denied");
            return 1;
        }
        if (exists(to)) {
            terminal.err().println("mv: cannot move '" + source + "' to '" + target + "': Directory not empty");
            return 1;
        }
        if (!host.renameSite(from.substring(sites.length()), to.substring(sites.length()))) {
            terminal.err().println("mv: cannot move '" + source + "' to '" + target + "': Device or resource busy");
            return 1;
        }
        return 0;
    }

    private static String resolve(Context context, String file) {
        return Path.of(context.cwd).resolve(file).normalize().toString();
    }

    private boolean exists(String path) {
        String sites = host.settings().benchFolder() + "/sites/";
        return host.isDirectory(path)
                || host.files().isFile(path)
                || path.equals(sites + "common_site_config.json")
                || (path.startsWith(sites)
                        && path.endsWith("/site_config.json")
                        && isSiteFolder(path.substring(0, path.length() - "/site_config.json".length()), sites));
    }

    private boolean isSiteFolder(String path, String sites) {
        return isSiteFolderName(path, sites)
                && host.site(path.substring(sites.length())).isPresent();
    }

    private static boolean isSiteFolderName(String path, String sites) {
        return path.startsWith(sites)
                && path.length() > sites.length()
                && !path.substring(sites.length()).contains("/");
    }

    /**
     * sudo as a bench user without a password has it: only the configured reload command when a NOPASSWD rule
     * allows it; {@code sudo -n -l CMD} lists an allowed command by its absolute path (exit 0).
     */
    private int sudo(List<String> args, Terminal terminal) throws InterruptedException {
        boolean nonInteractive = false;
        boolean list = false;
        int i = 0;
        while (i < args.size() && args.get(i).matches("-[nl]+")) {
            nonInteractive |= args.get(i).contains("n");
            list |= args.get(i).contains("l");
            i++;
        }
        List<String> command = args.subList(i, args.size());
        boolean allowed = host.conditions().nginxReloadAllowed() && command.equals(reloadWithoutSudo());
        if (list) {
            if (allowed) {
                terminal.out().println(String.join(" ", absolute(command)));
                return 0;
            }
            terminal.err().print(nonInteractive ? "sudo: a password is required\n" : SUDO_NEEDS_PASSWORD);
            return 1;
        }
        if (allowed) {
            return reloadNginx(terminal);
        }
        terminal.err().print(nonInteractive ? "sudo: a password is required\n" : SUDO_NEEDS_PASSWORD);
        return 1;
    }

    private List<String> reloadWithoutSudo() {
        return !reloadCommand.isEmpty() && reloadCommand.get(0).equals("sudo")
                ? reloadCommand.subList(1, reloadCommand.size())
                : reloadCommand;
    }

    private static List<String> absolute(List<String> command) {
        String program = command.get(0);
        String path = program.startsWith("/")
                ? program
                : switch (program) {
                    case "service", "nginx" -> "/usr/sbin/" + program;
                    default -> "/usr/bin/" + program;
                };
        return java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(path), command.subList(1, command.size()).stream())
                .toList();
    }

    private int reloadNginx(Terminal terminal) throws InterruptedException {
        if (!host.conditions().nginxReloadAllowed()) {
            terminal.err().print(SUDO_NEEDS_PASSWORD);
            return 1;
        }
        CommandFault fault = faults.decide(List.of("nginx-reload"));
        if (fault == CommandFault.FAIL) {
            terminal.err()
                    .print(
                            "Job for nginx.service failed because the control process exited with error code.\n"
                                    + "See \"systemctl status nginx.service\" and \"journalctl -xeu nginx.service\" for details.\n");
            return 1;
        }
        host.reloadNginx();
        if (fault == CommandFault.HANG) {
            terminal.hangUntilClosed();
            throw new CommandAborted("channel closed while the command hung");
        }
        if (fault == CommandFault.DROP) {
            terminal.dropConnection();
            throw new CommandAborted("connection dropped");
        }
        return 0;
    }

    /** Used by {@link Timeout} to start the command it guards. */
    @FunctionalInterface
    interface Launch {
        int run(List<String> command, String launcher) throws InterruptedException;
    }
}
