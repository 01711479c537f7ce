package io.benchline.provisioner.hosts.checks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.benchline.provisioner.hosts.BenchHost;
import io.benchline.provisioner.ssh.SshCommandRunner;
import io.benchline.provisioner.ssh.SshEndpoint;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * The doctor from a shell, for an operator preparing a bench host: the same checks the provisioner runs, over the
 * same SSH client, printed as a report; exit 0 when every precondition holds, 1 when one fails, 2 on a usage error.
 * Runs from the provisioner's fat jar without starting Spring (see the provisioner README).
 */
public final class HostCheckCommand {

    static final int HEALTHY = 0;
    static final int UNHEALTHY = 1;
    static final int USAGE = 2;

    static final String USAGE_TEXT = """
            Usage: java -cp provisioner-service.jar \\
                     -Dloader.main=io.benchline.provisioner.hosts.checks.HostCheckCommand \\
                     org.springframework.boot.loader.launch.PropertiesLauncher \\
                     --ssh [USER@]HOST[:PORT] --key FILE (--known-hosts FILE | --pinned-host-key 'TYPE KEY') \\
                     [--bench-folder DIR] [--bench-executable PATH] [--reload-command 'WORDS' | --no-publish] \\
                     [--timeout 30s] [--stall-timeout 20s]
            Checks the bench host preconditions the provisioner needs (frappe-facts.md "Host preconditions").
            Defaults: user frappe, port 22, --bench-folder /home/frappe/frappe-bench, --bench-executable bench,
            --reload-command 'sudo service nginx reload'. Exit 0 healthy, 1 unhealthy, 2 usage error.
            """;

    private static final Pattern SSH = Pattern.compile("(?:([^@\\s]+)@)?([^@:\\s]+)(?::(\\d{1,5}))?");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");

    private HostCheckCommand() {}

    public static void main(String[] args) {
        // Logback's default without a configuration file is DEBUG on stdout; SSHD would drown the report.
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the check and prints the report; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        }
        if (options == null) {
            out.print(USAGE_TEXT);
            return HEALTHY;
        }
        try (SshCommandRunner ssh = new SshCommandRunner(options.timeout())) {
            HostCheckReport report = new HostPreconditionsCheck(
                            ssh, options.timeout(), options.stallTimeout(), Clock.systemUTC())
                    .check(options.host());
            print(options, report, out);
            return report.healthy() ? HEALTHY : UNHEALTHY;
        } catch (IllegalArgumentException e) {
            // An unreadable private key or a malformed pinned key: found when the session is first opened.
            err.println(e.getMessage());
            return USAGE;
        }
    }

    private static void print(Options options, HostCheckReport report, PrintStream out) {
        BenchHost host = options.host();
        out.printf(
                "Bench host %s@%s:%d, bench folder %s, bench executable %s%n",
                host.ssh().user(), host.ssh().host(), host.ssh().port(), host.benchFolder(), host.benchExecutable());
        for (Finding finding : report.findings()) {
            String label = switch (finding.outcome()) {
                case PASSED -> "PASS";
                case FAILED -> "FAIL";
                case SKIPPED -> "SKIP";
            };
            String detail = finding.outcome() == Finding.Outcome.FAILED
                    ? finding.problem() + ": " + finding.detail()
                    : finding.detail();
            out.printf("  %-4s  %-24s %s%n", label, finding.check(), detail);
            if (finding.outcome() == Finding.Outcome.FAILED) {
                out.printf("        %-24s fix: %s%n", "", finding.problem().hint());
            }
        }
        if (!report.appVersions().isEmpty()) {
            out.println("Versions: "
                    + report.appVersions().entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", ")));
        }
        String took = String.format("%.1f s", report.took().toMillis() / 1000.0);
        if (report.healthy()) {
            out.println("HEALTHY: every precondition holds (checked in " + took + ")");
        } else {
            out.println("UNHEALTHY: "
                    + report.problems().stream().map(Enum::name).collect(Collectors.joining(", "))
                    + " (checked in " + took + ")");
        }
    }

    /** The command line, checked: the host is built exactly as the service builds it, with the same allow-lists. */
    record Options(BenchHost host, Duration timeout, Duration stallTimeout) {

        /** Null for {@code --help}. */
        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            boolean publish = true;
            Deque<String> queue = new ArrayDeque<>(List.of(args));
            while (!queue.isEmpty()) {
                String name = queue.poll();
                switch (name) {
                    case "--help", "-h" -> {
                        return null;
                    }
                    case "--no-publish" -> publish = false;
                    case "--ssh",
                            "--key",
                            "--known-hosts",
                            "--pinned-host-key",
                            "--bench-folder",
                            "--bench-executable",
                            "--reload-command",
                            "--timeout",
                            "--stall-timeout" -> {
                        if (queue.isEmpty()) {
                            throw new IllegalArgumentException(name + " needs a value");
                        }
                        values.put(name, queue.poll());
                    }
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            Matcher ssh = SSH.matcher(required(values, "--ssh"));
            if (!ssh.matches()) {
                throw new IllegalArgumentException("--ssh must be [USER@]HOST[:PORT]");
            }
            Path key = existing(required(values, "--key"));
            Path knownHosts = values.containsKey("--known-hosts") ? existing(values.get("--known-hosts")) : null;
            String pinned = values.get("--pinned-host-key");
            if ((knownHosts == null) == (pinned == null)) {
                throw new IllegalArgumentException("give exactly one of --known-hosts and --pinned-host-key");
            }
            SshEndpoint endpoint = new SshEndpoint(
                    "cli",
                    ssh.group(2),
                    ssh.group(3) == null ? 22 : Integer.parseInt(ssh.group(3)),
                    ssh.group(1) == null ? "frappe" : ssh.group(1),
                    key,
                    knownHosts,
                    pinned);
            BenchHost host = new BenchHost(
                    "cli",
                    endpoint,
                    values.getOrDefault("--bench-folder", "/home/frappe/frappe-bench"),
                    1,
                    "localhost",
                    null,
                    publish,
                    values.getOrDefault("--reload-command", "sudo service nginx reload"),
                    values.getOrDefault("--bench-executable", "bench"));
            return new Options(
                    host,
                    duration(values.getOrDefault("--timeout", "30s")),
                    duration(values.getOrDefault("--stall-timeout", "20s")));
        }

        private static String required(Map<String, String> values, String name) {
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException(name + " is required");
            }
            return value;
        }

        private static Path existing(String file) {
            Path path = Path.of(file);
            if (!Files.isReadable(path)) {
                throw new IllegalArgumentException("cannot read " + file);
            }
            return path;
        }

        private static Duration duration(String text) {
            Matcher m = DURATION.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a duration (like 30s, 500ms, 2m): " + text);
            }
            long amount = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofSeconds(amount);
            };
        }
    }
}
