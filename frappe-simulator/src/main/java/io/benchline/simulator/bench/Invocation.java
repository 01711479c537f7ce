package io.benchline.simulator.bench;

import io.benchline.simulator.host.FrappeError;
import io.benchline.simulator.host.SimulatedHost;
import io.benchline.simulator.host.SiteRecord;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One run of a bench subcommand: the host, the terminal, the {@code --site} given, and the fault that hits it. */
final class Invocation {

    static final String LOST_CONNECTION =
            "pymysql.err.OperationalError: (2013, 'Lost connection to MySQL server during query')";

    private final SimulatedHost host;
    private final Terminal terminal;
    private final String siteOption;
    private final CommandFault fault;
    private final Map<String, String> environment;
    private boolean warnedAboutGetpass;

    Invocation(
            SimulatedHost host,
            Terminal terminal,
            String siteOption,
            CommandFault fault,
            Map<String, String> environment) {
        this.host = host;
        this.terminal = terminal;
        this.siteOption = siteOption;
        this.fault = fault;
        this.environment = environment;
    }

    /** The variables the command line set with {@code env NAME=VALUE}. */
    Map<String, String> environment() {
        return environment;
    }

    SimulatedHost host() {
        return host;
    }

    Terminal terminal() {
        return terminal;
    }

    CommandFault fault() {
        return fault;
    }

    void out(String text) {
        terminal.out().print(text);
        terminal.out().flush();
    }

    void err(String text) {
        terminal.err().print(text);
        terminal.err().flush();
    }

    Traceback traceback() {
        return Traceback.fromBenchHelper(host.settings().benchFolder());
    }

    /** Prints a traceback for an uncaught exception and ends with exit 1, as Python does. */
    Exit crash(String lastLine) {
        err(traceback().render(lastLine));
        return new Exit(1);
    }

    Exit crash(FrappeError error) {
        return crash(error.pythonLine());
    }

    /** The {@code --site} value, else the default site from {@code currentsite.txt}, else Frappe's error. */
    String siteName() {
        if (siteOption != null) {
            return siteOption;
        }
        Optional<String> byDefault = host.defaultSite();
        if (byDefault.isPresent()) {
            return byDefault.get();
        }
        throw crash("frappe.exceptions.SiteNotSpecifiedError: Please specify --site sitename");
    }

    /** A site whose folder exists (any phase but archived). */
    SiteRecord siteFolder() {
        String name = siteName();
        return host.site(name).orElseThrow(() -> {
            out("Site " + name + " does not exist!\n");
            return new Exit(1);
        });
    }

    /** A site whose database has its tables: while new-site is still installing frappe, queries fail. */
    SiteRecord siteWithDatabase(String table) {
        SiteRecord site = siteFolder();
        if (!site.databaseReady()) {
            String dbName = String.valueOf(site.config().get("db_name"));
            throw crash(
                    "pymysql.err.ProgrammingError: (1146, \"Table '" + dbName + ".tab" + table + "' doesn't exist\")");
        }
        return site;
    }

    /** Waits a real-world duration scaled by the host's time scale; interrupted when the channel closes. */
    void pause(Duration realWorld) throws InterruptedException {
        long nanos = host.settings().scaled(realWorld).toNanos();
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }

    /** Applies a hang or drop fault at this point of the command; a FAIL fault is the command's to render. */
    void hangOrDropHere() throws InterruptedException {
        if (fault == CommandFault.HANG) {
            terminal.hangUntilClosed();
            throw new CommandAborted("channel closed while the command hung");
        }
        if (fault == CommandFault.DROP) {
            terminal.dropConnection();
            throw new CommandAborted("connection dropped");
        }
    }

    /**
     * Python's {@code getpass.getpass} over an SSH exec without a PTY: no terminal to turn echo off, so it
     * falls back to {@code fallback_getpass} — a {@code GetPassWarning} (once per process, Python's default
     * warning filter), "Warning: Password input may be echoed." and the prompt on STDERR, then one line read
     * from stdin (newline stripped, nothing written after it). End of input is an {@code EOFError}.
     */
    String getpass(String prompt) throws InterruptedException {
        StringBuilder text = new StringBuilder();
        if (!warnedAboutGetpass) {
            warnedAboutGetpass = true;
            text.append(GETPASS_WARNING);
        }
        text.append("Warning: Password input may be echoed.\n").append(prompt);
        err(text.toString());
        String line = terminal.readLine();
        if (line == null) {
            throw crash("EOFError");
        }
        return line;
    }

    /** What Python's warnings module prints for getpass's fallback (CPython 3.11 {@code Lib/getpass.py}). */
    static final String GETPASS_WARNING = "/usr/lib/python3.11/getpass.py:91: GetPassWarning: Can not control echo on"
            + " the terminal.\n  passwd = fallback_getpass(prompt, stream)\n";
}
