package io.benchline.simulator.bench;

import io.benchline.simulator.host.BenchHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code bench} executable. In the bench folder it hands Frappe's commands to Frappe's click group,
 * where {@code --site} is a group option that must come before the subcommand; elsewhere only bench's own
 * commands exist. Exit codes are Frappe's: 0, 1 for failures, 2 for click usage errors.
 */
public final class BenchCli {

    private static final String GROUP_USAGE =
            "Usage: bench [OPTIONS] COMMAND [ARGS]...\nTry 'bench --help' for help.\n\n";

    private static final Map<String, BenchCommand> FRAPPE_COMMANDS = Map.of(
            "new-site", new NewSite(),
            "install-app", new InstallApp(),
            "list-apps", new ListApps(),
            "execute", new Execute(),
            "set-config", new SetConfig(),
            "set-admin-password", new SetAdminPassword(),
            "add-system-manager", new AddSystemManager(),
            "drop-site", new DropSite());

    private final BenchHost host;
    private final CommandFaultPolicy faults;

    public BenchCli(BenchHost host, CommandFaultPolicy faults) {
        this.host = host;
        this.faults = faults;
    }

    /**
     * Runs {@code bench} with the words after it.
     *
     * @throws CommandAborted when the run ends without an exit status (hang or dropped connection)
     */
    public int run(List<String> args, String cwd, Terminal terminal) throws InterruptedException {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")) {
            terminal.out().print(help());
            terminal.out().flush();
            return 0;
        }
        if (args.get(0).equals("--version")) {
            terminal.out().print("5.22.9\n");
            terminal.out().flush();
            return 0;
        }
        if (!host.isInsideBench(cwd)) {
            terminal.out().print("WARN: Command not being executed in bench directory\n");
            terminal.out().flush();
            String first = args.get(0);
            if (first.startsWith("-")) {
                return usageError(terminal, GROUP_USAGE, "No such option: " + optionName(first));
            }
            if (first.equals("setup")) {
                terminal.err()
                        .print(Traceback.fromBenchHelper(host.settings().benchFolder())
                                .render("FileNotFoundError: [Errno 2] No such file or directory: 'sites'"));
                terminal.err().flush();
                return 1;
            }
            return usageError(terminal, GROUP_USAGE, "No such command '" + first + "'.");
        }
        return runInBench(args, terminal);
    }

    private int runInBench(List<String> args, Terminal terminal) throws InterruptedException {
        String site = null;
        int i = 0;
        while (i < args.size() && args.get(i).startsWith("-")) {
            String option = args.get(i);
            if (option.equals("--site")) {
                if (i + 1 >= args.size()) {
                    return usageError(terminal, GROUP_USAGE, "Option '--site' requires an argument.");
                }
                site = args.get(i + 1);
                i += 2;
            } else if (option.startsWith("--site=")) {
                site = option.substring("--site=".length());
                i++;
            } else if (option.equals("--verbose") || option.equals("--force") || option.equals("--profile")) {
                i++;
            } else {
                return usageError(terminal, GROUP_USAGE, "No such option: " + optionName(option));
            }
        }
        if (i >= args.size()) {
            return usageError(terminal, GROUP_USAGE, "Missing command.");
        }
        String name = args.get(i);
        List<String> rest = args.subList(i + 1, args.size());
        if (name.equals("setup") && site == null) {
            return setup(rest, terminal);
        }
        BenchCommand command = FRAPPE_COMMANDS.get(name);
        if (command == null) {
            return usageError(terminal, GROUP_USAGE, "No such command '" + name + "'.");
        }
        ClickArgs parsed;
        try {
            parsed = ClickArgs.parse(command.spec(), rest);
        } catch (ClickArgs.UsageError e) {
            return usageError(terminal, "", command.spec().usageError(e.getMessage()));
        }
        List<String> keys = new ArrayList<>(List.of(name));
        parsed.argument(0).filter(a -> name.equals("execute")).ifPresent(method -> keys.add(name + " " + method));
        Invocation invocation = new Invocation(host, terminal, site, faults.decide(keys));
        try {
            return command.run(invocation, parsed);
        } catch (Exit exit) {
            return exit.code();
        } catch (ClickArgs.UsageError e) {
            return usageError(terminal, "", command.spec().usageError(e.getMessage()));
        }
    }

    /** bench's own {@code setup} group; only {@code setup nginx} is simulated. */
    private int setup(List<String> rest, Terminal terminal) throws InterruptedException {
        String usage = "Usage: bench setup [OPTIONS] COMMAND [ARGS]...\nTry 'bench setup --help' for help.\n\n";
        if (rest.isEmpty()) {
            terminal.out().print(usage.substring(0, usage.indexOf('\n') + 1));
            terminal.out().flush();
            return 0;
        }
        if (!rest.get(0).equals("nginx")) {
            return usageError(terminal, usage, "No such command '" + rest.get(0) + "'.");
        }
        for (String option : rest.subList(1, rest.size())) {
            if (!option.equals("--yes") && !option.equals("-y") && !option.startsWith("--logging")) {
                return usageError(
                        terminal,
                        "Usage: bench setup nginx [OPTIONS]\nTry 'bench setup nginx --help' for help.\n\n",
                        "No such option: " + optionName(option));
            }
        }
        Invocation invocation = new Invocation(host, terminal, null, faults.decide(List.of("setup", "setup nginx")));
        if (invocation.fault() == CommandFault.FAIL) {
            invocation.err(Traceback.fromBenchHelper(host.settings().benchFolder())
                    .render("PermissionError: [Errno 13] Permission denied: 'config/nginx.conf'"));
            return 1;
        }
        host.setupNginx();
        invocation.hangOrDropHere();
        return 0;
    }

    private static int usageError(Terminal terminal, String usage, String message) {
        String text = usage.isEmpty() ? message : usage + "Error: " + message + "\n";
        terminal.err().print(text);
        terminal.err().flush();
        return 2;
    }

    private static String optionName(String word) {
        int eq = word.indexOf('=');
        return eq > 0 ? word.substring(0, eq) : word;
    }

    private static String help() {
        return "Usage: bench [OPTIONS] COMMAND [ARGS]...\n\n"
                + "  Bench manager for Frappe\n\n"
                + "Options:\n  --version\n  --help     Show this message and exit.\n\n"
                + "Commands:\n"
                + String.join(
                        "\n",
                        FRAPPE_COMMANDS.keySet().stream()
                                .sorted()
                                .map(c -> "  " + c)
                                .toList())
                + "\n  setup\n";
    }
}
