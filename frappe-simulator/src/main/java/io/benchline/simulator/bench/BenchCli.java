package io.benchline.simulator.bench;

import io.benchline.simulator.host.HostConditions;
import io.benchline.simulator.host.SimulatedHost;
import io.benchline.simulator.host.SiteRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@code bench} executable ({@code bench/cli.py}). Its own commands ({@code setup}, {@code config},
 * {@code --version}) run in bench's Python and register the PyPI version check at exit; in the bench folder
 * everything else is handed to Frappe's click group ({@code os.execv} to {@code python -m
 * frappe.utils.bench_helper frappe …}), where {@code --site} is a group option that must come before the
 * subcommand. Exit codes are Frappe's: 0, 1 for failures, 2 for click usage errors.
 */
public final class BenchCli {

    private static final String GROUP_USAGE =
            "Usage: bench [OPTIONS] COMMAND [ARGS]...\nTry 'bench --help' for help.\n\n";

    /** bench/cli.py: {@code log(..., level=3)} prints "WARN: " and the message with click.secho (stdout). */
    static final String EDITABLE_WARNING = "WARN: bench is installed in editable mode!\n\nThis is not the recommended"
            + " mode of installation for production. Instead, install the package from PyPI with: `pip install"
            + " frappe-bench`\n\n";

    /** Commands of bench itself (bench_command.commands) that Benchline may send. */
    private static final Set<String> BENCH_OWN_COMMANDS = Set.of("setup", "config");

    private static final Map<String, BenchCommand> FRAPPE_COMMANDS = Map.ofEntries(
            Map.entry("new-site", new NewSite()),
            Map.entry("install-app", new InstallApp()),
            Map.entry("list-apps", new ListApps()),
            Map.entry("execute", new Execute()),
            Map.entry("set-config", new SetConfig()),
            Map.entry("set-admin-password", new SetAdminPassword()),
            Map.entry("add-system-manager", new AddSystemManager()),
            Map.entry("drop-site", new DropSite()),
            Map.entry("version", new Version()),
            Map.entry("migrate", new Migrate()),
            Map.entry("set-maintenance-mode", new SetMaintenanceMode()),
            Map.entry("backup", new Backup()),
            Map.entry("enable-scheduler", new ToggleScheduler(true)),
            Map.entry("disable-scheduler", new ToggleScheduler(false)));

    private final SimulatedHost host;
    private final CommandFaultPolicy faults;

    public BenchCli(SimulatedHost host, CommandFaultPolicy faults) {
        this.host = host;
        this.faults = faults;
    }

    /**
     * Runs {@code bench} with the words after it.
     *
     * @param environment the variables the command line set ({@code env NAME=VALUE …}); CI, BENCH_DEVELOPER,
     *     HTTPS_PROXY and https_proxy change what bench does
     * @throws CommandAborted when the run ends without an exit status (hang or dropped connection)
     */
    public int run(List<String> args, String cwd, Map<String, String> environment, Terminal terminal)
            throws InterruptedException {
        HostConditions conditions = host.conditions();
        boolean cliCommand = !args.isEmpty() && !args.contains("--version") && !args.contains("src");
        boolean quiet = environment.containsKey("CI") || environment.containsKey("BENCH_DEVELOPER");
        if (conditions.editableInstall() && cliCommand && !quiet) {
            print(terminal, EDITABLE_WARNING);
        }
        String first = args.isEmpty() ? "" : args.get(0);
        boolean inBench = host.isInsideBench(cwd);
        if (args.isEmpty() || first.equals("--help") || first.equals("-h")) {
            pause(host.settings().benchInvocationCost());
            print(terminal, help());
            return 0;
        }
        if (first.equals("--version")) {
            // bench/utils/cli.py print_bench_version: click.echo(bench.VERSION); not a "cli command", no PyPI check
            pause(host.settings().benchInvocationCost());
            print(terminal, host.benchVersion() + "\n");
            return 0;
        }
        if (!inBench) {
            print(terminal, "WARN: Command not being executed in bench directory\n");
        }
        if (BENCH_OWN_COMMANDS.contains(first)) {
            pause(host.settings().benchInvocationCost());
            try {
                return inBench ? benchOwnCommand(args, environment, terminal) : setupOutsideBench(terminal);
            } finally {
                terminal.out().flush();
                checkLatestVersionAtExit(environment, conditions);
            }
        }
        if (!inBench) {
            pause(host.settings().benchInvocationCost());
            if (first.startsWith("-")) {
                return usageError(terminal, GROUP_USAGE, "No such option: " + optionName(first));
            }
            return usageError(terminal, GROUP_USAGE, "No such command '" + first + "'.");
        }
        pause(host.settings().frappeInvocationCost());
        return runInFrappe(args, environment, terminal);
    }

    /**
     * bench/cli.py registers {@code check_latest_version} with atexit for bench's own commands: a
     * {@code requests.get("https://pypi.org/pypi/frappe-bench/json")} without a timeout, which hangs where
     * egress is silently dropped, and fails fast through a proxy that refuses.
     */
    private void checkLatestVersionAtExit(Map<String, String> environment, HostConditions conditions)
            throws InterruptedException {
        boolean proxied = environment.containsKey("HTTPS_PROXY") || environment.containsKey("https_proxy");
        if (!conditions.pypiReachable() && !proxied) {
            // Network time: not scaled by the time scale.
            TimeUnit.NANOSECONDS.sleep(host.settings().pypiStall().toNanos());
        }
    }

    private int setupOutsideBench(Terminal terminal) {
        terminal.err()
                .print(Traceback.fromBenchHelper(host.settings().benchFolder())
                        .render("FileNotFoundError: [Errno 2] No such file or directory: 'sites'"));
        terminal.err().flush();
        return 1;
    }

    private int runInFrappe(List<String> args, Map<String, String> environment, Terminal terminal)
            throws InterruptedException {
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
        if (BENCH_OWN_COMMANDS.contains(name)) {
            // After --site the word goes to Frappe's group, which has no such command.
            return usageError(terminal, GROUP_USAGE, "No such command '" + name + "'.");
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
        Invocation invocation = new Invocation(host, terminal, site, faults.decide(keys), environment);
        try {
            return command.run(invocation, parsed);
        } catch (Exit exit) {
            return exit.code();
        } catch (ClickArgs.UsageError e) {
            return usageError(terminal, "", command.spec().usageError(e.getMessage()));
        }
    }

    private int benchOwnCommand(List<String> args, Map<String, String> environment, Terminal terminal)
            throws InterruptedException {
        List<String> rest = args.subList(1, args.size());
        return args.get(0).equals("setup") ? setup(rest, environment, terminal) : config(rest, terminal);
    }

    /** bench's own {@code setup} group: {@code setup nginx} and {@code setup add-domain}. */
    private int setup(List<String> rest, Map<String, String> environment, Terminal terminal)
            throws InterruptedException {
        String usage = "Usage: bench setup [OPTIONS] COMMAND [ARGS]...\nTry 'bench setup --help' for help.\n\n";
        if (rest.isEmpty() || rest.get(0).equals("--help")) {
            print(
                    terminal,
                    "Usage: bench setup [OPTIONS] COMMAND [ARGS]...\n\n  Setup command group for enabling"
                            + " setting up a Frappe environment\n\nCommands:\n  add-domain  add custom domain to site\n"
                            + "  nginx       Generate config for Nginx\n");
            return 0;
        }
        return switch (rest.get(0)) {
            case "nginx" -> setupNginx(rest.subList(1, rest.size()), environment, terminal);
            case "add-domain" -> addDomain(rest.subList(1, rest.size()), environment, terminal);
            default -> usageError(terminal, usage, "No such command '" + rest.get(0) + "'.");
        };
    }

    /** {@code bench setup nginx [--yes] [--logging …]}: there is no short {@code -y}. */
    private int setupNginx(List<String> options, Map<String, String> environment, Terminal terminal)
            throws InterruptedException {
        for (String option : options) {
            if (!option.equals("--yes") && !option.startsWith("--logging")) {
                return usageError(
                        terminal,
                        "Usage: bench setup nginx [OPTIONS]\nTry 'bench setup nginx --help' for help.\n\n",
                        "No such option: " + optionName(option));
            }
        }
        Invocation invocation =
                new Invocation(host, terminal, null, faults.decide(List.of("setup", "setup nginx")), environment);
        if (invocation.fault() == CommandFault.FAIL) {
            invocation.err(Traceback.fromBenchHelper(host.settings().benchFolder())
                    .render("PermissionError: [Errno 13] Permission denied: 'config/nginx.conf'"));
            return 1;
        }
        host.setupNginx();
        invocation.hangOrDropHere();
        return 0;
    }

    /** {@code bench setup add-domain DOMAIN --site S}: appends to the site's {@code domains} list. */
    private int addDomain(List<String> words, Map<String, String> environment, Terminal terminal)
            throws InterruptedException {
        String usage = "Usage: bench setup add-domain [OPTIONS] DOMAIN\nTry 'bench setup add-domain --help' for"
                + " help.\n\n";
        String domain = null;
        String site = null;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.equals("--site") && i + 1 < words.size()) {
                site = words.get(++i);
            } else if (word.startsWith("--site=")) {
                site = word.substring("--site=".length());
            } else if (word.startsWith("-")) {
                return usageError(terminal, usage, "No such option: " + optionName(word));
            } else if (domain == null) {
                domain = word;
            } else {
                return usageError(terminal, usage, "Got unexpected extra argument (" + word + ")");
            }
        }
        if (domain == null) {
            return usageError(terminal, usage, "Missing argument 'DOMAIN'.");
        }
        if (site == null) {
            print(terminal, "Please specify site\n");
            return 1;
        }
        Invocation invocation =
                new Invocation(host, terminal, site, faults.decide(List.of("setup", "setup add-domain")), environment);
        SiteRecord target = host.site(site).orElse(null);
        if (target == null) {
            print(terminal, "Site " + site + " does not exist!\n");
            return 1;
        }
        List<Object> domains = new ArrayList<>();
        if (target.config().get("domains") instanceof List<?> existing) {
            domains.addAll(existing);
        }
        if (domains.contains(domain)) {
            print(terminal, "Domain " + domain + " already exists\n");
            return 0;
        }
        domains.add(domain);
        target.setConfig("domains", domains);
        invocation.hangOrDropHere();
        return 0;
    }

    /** {@code bench config dns_multitenant on|off}: edits common_site_config.json. */
    private int config(List<String> rest, Terminal terminal) {
        String usage = "Usage: bench config [OPTIONS] COMMAND [ARGS]...\nTry 'bench config --help' for help.\n\n";
        if (rest.isEmpty()) {
            print(terminal, usage.substring(0, usage.indexOf('\n') + 1));
            return 0;
        }
        if (!rest.get(0).equals("dns_multitenant")) {
            return usageError(terminal, usage, "No such command '" + rest.get(0) + "'.");
        }
        String stateUsage = "Usage: bench config dns_multitenant [OPTIONS] [on|off]\nTry 'bench config"
                + " dns_multitenant --help' for help.\n\n";
        if (rest.size() != 2 || !Set.of("on", "off").contains(rest.get(1))) {
            String got = rest.size() < 2 ? "Missing argument '{on|off}'." : "Invalid value for '{on|off}'.";
            return usageError(terminal, stateUsage, got);
        }
        host.setCommonConfig("dns_multitenant", rest.get(1).equals("on"));
        return 0;
    }

    private void pause(Duration realWorld) throws InterruptedException {
        long nanos = host.settings().scaled(realWorld).toNanos();
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }

    private static void print(Terminal terminal, String text) {
        terminal.out().print(text);
        terminal.out().flush();
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
                + "Commands:\n  config\n  setup\n\nFramework commands:\n"
                + String.join(
                        "\n",
                        new TreeMap<>(FRAPPE_COMMANDS)
                                .keySet().stream().map(c -> "  " + c).toList())
                + "\n";
    }
}
