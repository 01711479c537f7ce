package io.benchline.provisioner.hosts.checks;

import io.benchline.provisioner.hosts.BenchHost;
import io.benchline.provisioner.ssh.CommandResult;
import io.benchline.provisioner.ssh.RemoteCommandException;
import io.benchline.provisioner.ssh.SshCommandRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the host preconditions of frappe-facts.md on one bench host, over the SSH session the provisioner uses for
 * that host, with read-only commands: bench found at the configured executable, the bench folder's
 * common_site_config.json ({@code dns_multitenant} on, no global {@code admin_password}, a {@code root_password}),
 * Frappe and ERPNext present (their versions recorded), the nginx reload allowed by sudo without a password, and
 * bench's own commands returning at once with the egress guard the provisioner uses.
 */
final class HostPreconditionsCheck {

    /**
     * The prefix the provisioner puts before bench's own commands: their exit hook asks PyPI for a newer bench with
     * no timeout, which hangs for minutes where egress is silently dropped; a proxy on a closed port fails at once.
     */
    static final String NO_EGRESS = "env HTTPS_PROXY=http://127.0.0.1:9 ";

    /**
     * A bench command of bench itself (not one handed to Frappe) that changes nothing: it registers the PyPI exit
     * hook as {@code setup nginx} does ({@code bench/cli.py}); {@code --version} does not, so it cannot show a stall.
     */
    static final String OWN_COMMAND_PROBE = "config --help";

    private static final int COMMAND_NOT_FOUND = 127;

    private final SshCommandRunner ssh;
    private final Duration commandTimeout;
    private final Duration stallTimeout;
    private final Clock clock;

    /**
     * @param commandTimeout for each check command
     * @param stallTimeout for the egress probe: bench's own command must return within it
     */
    HostPreconditionsCheck(SshCommandRunner ssh, Duration commandTimeout, Duration stallTimeout, Clock clock) {
        this.ssh = ssh;
        this.commandTimeout = commandTimeout;
        this.stallTimeout = stallTimeout;
        this.clock = clock;
    }

    HostCheckReport check(BenchHost host) {
        Instant start = clock.instant();
        Run run = new Run(host);
        try {
            run.all();
        } catch (RemoteCommandException e) {
            run.findings.add(Finding.failed("SSH", sshProblem(e), e.getMessage()));
        }
        return new HostCheckReport(
                host.id(),
                start,
                Duration.between(start, clock.instant()),
                run.findings,
                run.benchVersion,
                run.appVersions);
    }

    private static HostProblem sshProblem(RemoteCommandException e) {
        return switch (e.kind()) {
            case HOST_KEY_REJECTED -> HostProblem.HOST_KEY_REJECTED;
            case AUTHENTICATION_REJECTED -> HostProblem.LOGIN_REJECTED;
            case ALGORITHMS_REFUSED -> HostProblem.SSH_ALGORITHMS_REFUSED;
            case UNREACHABLE, CONNECTION_DROPPED, TIMED_OUT -> HostProblem.UNREACHABLE;
        };
    }

    private enum Bench {
        FOUND,
        BROKEN,
        NO_FOLDER
    }

    /** The checks of one host, in order; each adds one finding. */
    private final class Run {
        private final BenchHost host;
        private final String cdBench;
        private final String bench;
        private final List<Finding> findings = new ArrayList<>();
        private String benchVersion;
        private Map<String, String> appVersions = Map.of();

        Run(BenchHost host) {
            this.host = host;
            // Folder and executable passed BenchHost's allow-lists (no shell syntax); quoted all the same.
            this.cdBench = "cd '" + host.benchFolder() + "' && ";
            this.bench = host.benchExecutable().equals("bench") ? "bench" : "'" + host.benchExecutable() + "'";
        }

        void all() {
            ssh.connect(host.ssh());
            findings.add(Finding.passed("SSH", "logged in as " + host.ssh().user() + ", host key verified"));
            Bench found = bench();
            if (found == Bench.NO_FOLDER) {
                skipRest("the bench folder is missing");
                return;
            }
            boolean benchFound = found == Bench.FOUND;
            commonSiteConfig();
            if (benchFound) {
                apps();
            } else {
                findings.add(Finding.skipped("apps", "bench not found"));
            }
            nginxReload();
            if (benchFound) {
                ownCommandsReturn();
            } else {
                findings.add(Finding.skipped("egress", "bench not found"));
            }
        }

        private Bench bench() {
            String check = "bench executable";
            CommandResult result = run(cdBench + bench + " --version", commandTimeout);
            if (result == null) {
                findings.add(Finding.failed(check, HostProblem.BENCH_STALLS, timedOut("bench --version")));
                return Bench.BROKEN;
            }
            if (result.exitCode() == COMMAND_NOT_FOUND) {
                findings.add(Finding.failed(
                        check,
                        HostProblem.BENCH_NOT_FOUND,
                        host.benchExecutable() + ": " + CommandOutput.excerpt(result.stdout(), result.stderr())));
                return Bench.BROKEN;
            }
            if (cdFailed(result)) {
                findings.add(
                        Finding.failed(check, HostProblem.NOT_A_BENCH_FOLDER, "cannot cd to " + host.benchFolder()));
                return Bench.NO_FOLDER;
            }
            Optional<String> version = CommandOutput.benchVersion(result.stdout());
            if (result.exitCode() != 0 || version.isEmpty()) {
                findings.add(Finding.failed(
                        check,
                        HostProblem.UNEXPECTED_OUTPUT,
                        "bench --version exited " + result.exitCode() + ": "
                                + CommandOutput.excerpt(result.stdout(), result.stderr())));
                return Bench.BROKEN;
            }
            benchVersion = version.get();
            findings.add(Finding.passed(check, host.benchExecutable() + " " + benchVersion));
            return Bench.FOUND;
        }

        private void commonSiteConfig() {
            CommandResult result = run(cdBench + "cat sites/common_site_config.json", commandTimeout);
            if (result == null) {
                findings.add(Finding.failed("common_site_config.json", HostProblem.UNEXPECTED_OUTPUT, timedOut("cat")));
                return;
            }
            if (!result.succeeded()) {
                findings.add(Finding.failed(
                        "common_site_config.json",
                        HostProblem.NOT_A_BENCH_FOLDER,
                        "no readable sites/common_site_config.json in " + host.benchFolder()));
                return;
            }
            // Never quote this output: it holds the database root password.
            Optional<CommonSiteConfig> parsed = CommonSiteConfig.parse(result.stdout());
            if (parsed.isEmpty()) {
                findings.add(Finding.failed(
                        "common_site_config.json",
                        HostProblem.UNEXPECTED_OUTPUT,
                        "sites/common_site_config.json is not a JSON object"));
                return;
            }
            CommonSiteConfig config = parsed.get();
            findings.add(
                    config.dnsMultitenant()
                            ? Finding.passed("dns_multitenant", "on")
                            : Finding.failed(
                                    "dns_multitenant",
                                    HostProblem.DNS_MULTITENANT_OFF,
                                    "dns_multitenant is not on: new sites get a port of their own, not their name"));
            findings.add(
                    config.globalAdminPassword()
                            ? Finding.failed(
                                    "admin_password",
                                    HostProblem.GLOBAL_ADMIN_PASSWORD,
                                    "common_site_config.json sets admin_password for every site")
                            : Finding.passed("admin_password", "not set globally"));
            findings.add(
                    config.rootPassword()
                            ? Finding.passed("root_password", "configured")
                            : Finding.failed(
                                    "root_password",
                                    HostProblem.NO_ROOT_PASSWORD,
                                    "no root_password: new-site would prompt for the MySQL root password"));
        }

        private void apps() {
            String check = "apps";
            CommandResult result = run(cdBench + bench + " version", commandTimeout);
            if (result == null) {
                findings.add(Finding.failed(check, HostProblem.BENCH_STALLS, timedOut("bench version")));
                return;
            }
            if (result.exitCode() == 2) {
                findings.add(Finding.failed(
                        check,
                        HostProblem.NOT_A_BENCH_FOLDER,
                        "bench version is a usage error here (Frappe's commands are missing): "
                                + CommandOutput.excerpt(result.stdout(), result.stderr())));
                return;
            }
            Map<String, String> versions = CommandOutput.appVersions(result.stdout());
            if (!result.succeeded() || !versions.containsKey("frappe")) {
                findings.add(Finding.failed(
                        check,
                        HostProblem.UNEXPECTED_OUTPUT,
                        "bench version exited " + result.exitCode() + ": "
                                + CommandOutput.excerpt(result.stdout(), result.stderr())));
                return;
            }
            appVersions = versions;
            String listed = String.join(
                    ", ",
                    versions.entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue())
                            .toList());
            findings.add(
                    versions.containsKey("erpnext")
                            ? Finding.passed(check, listed)
                            : Finding.failed(check, HostProblem.ERPNEXT_MISSING, "only " + listed));
        }

        private void nginxReload() {
            String check = "nginx reload";
            if (!host.publish()) {
                findings.add(Finding.skipped(check, "publish is off"));
                return;
            }
            String reload = host.reloadCommand();
            if (!reload.startsWith("sudo ")) {
                findings.add(Finding.skipped(check, "the reload command does not use sudo"));
                return;
            }
            String withoutSudo = reload.substring("sudo ".length());
            CommandResult result = run("sudo -n -l " + withoutSudo, commandTimeout);
            if (result == null) {
                findings.add(Finding.failed(check, HostProblem.UNEXPECTED_OUTPUT, timedOut("sudo -n -l")));
            } else if (result.succeeded()) {
                findings.add(Finding.passed(check, "sudo allows: " + withoutSudo));
            } else {
                findings.add(Finding.failed(
                        check,
                        HostProblem.NGINX_RELOAD_NOT_ALLOWED,
                        "sudo -n -l " + withoutSudo + " exited " + result.exitCode() + ": "
                                + CommandOutput.excerpt(result.stdout(), result.stderr())));
            }
        }

        private void ownCommandsReturn() {
            String check = "egress";
            CommandResult result = run(cdBench + NO_EGRESS + bench + " " + OWN_COMMAND_PROBE, stallTimeout);
            if (result == null) {
                findings.add(Finding.failed(
                        check,
                        HostProblem.BENCH_STALLS,
                        "bench " + OWN_COMMAND_PROBE + " (with " + NO_EGRESS.strip() + ") did not return within "
                                + stallTimeout.toSeconds() + " s"));
            } else {
                findings.add(Finding.passed(check, "bench's own commands return at once with " + NO_EGRESS.strip()));
            }
        }

        private void skipRest(String why) {
            for (String check : List.of("common_site_config.json", "apps", "nginx reload", "egress")) {
                findings.add(Finding.skipped(check, why));
            }
        }

        /** The result, or null when the command did not finish in time; a lost connection ends the check. */
        private CommandResult run(String commandLine, Duration timeout) {
            try {
                return ssh.run(host.ssh(), commandLine, timeout);
            } catch (RemoteCommandException e) {
                if (e.kind() == RemoteCommandException.Kind.TIMED_OUT) {
                    return null;
                }
                throw e;
            }
        }

        private String timedOut(String what) {
            return what + " did not finish within " + commandTimeout.toSeconds() + " s";
        }

        private boolean cdFailed(CommandResult result) {
            return result.exitCode() == 2 && result.stderr().contains("can't cd");
        }
    }
}
