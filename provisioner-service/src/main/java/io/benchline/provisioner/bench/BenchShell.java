package io.benchline.provisioner.bench;

import io.benchline.events.FailureReason;
import io.benchline.platform.secrets.Secret;
import io.benchline.provisioner.hosts.BenchHost;
import io.benchline.provisioner.ssh.CommandResult;
import io.benchline.provisioner.ssh.RemoteCommandException;
import io.benchline.provisioner.ssh.SshCommandRunner;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bench CLI of a bench host, one method per command the provisioner needs. Every failure becomes a
 * {@link BenchCommandException} classified by {@link BenchFailure}, saying which command on which host failed and
 * what bench printed, without secrets. Where one value is expected, only the last non-empty line of stdout is read:
 * bench may print warnings before it (e.g. {@code WARN: bench is installed in editable mode!}).
 */
public final class BenchShell {

    private static final Pattern API_SECRET = Pattern.compile("\"api_secret\"\\s*:\\s*\"([A-Za-z0-9]+)\"");
    private static final Pattern API_KEY = Pattern.compile("\"?([A-Za-z0-9]+)\"?");
    /**
     * What {@code _generate_temporary_login_link} prints: its URL as a JSON string, built from {@code host_name} or
     * the site's folder name ({@code get_url}). Only the key is kept, and only an alphanumeric one.
     */
    private static final Pattern LOGIN_LINK = Pattern.compile(
            "\"https?://[^\"\\s?#]+/api/method/frappe\\.www\\.login\\.login_via_key\\?key=([A-Za-z0-9]{20,128})\"");
    /** A login link in output that is quoted in a message: its key is replaced. */
    private static final Pattern ANY_KEY = Pattern.compile("key=[^\\s\"&]*");

    /** sha256sum's line: the hex digest, two spaces (text mode) or a space and {@code *}, the path. */
    private static final Pattern SHA256_LINE = Pattern.compile("([0-9a-f]{64}) [ *](\\S+)");
    /** {@code stat -c '%s %n'}: the size, a space, the path. */
    private static final Pattern SIZE_LINE = Pattern.compile("([0-9]{1,19}) (\\S+)");

    private static final Pattern APP_LIST = Pattern.compile("\\[\\s*(\"[a-z0-9_]+\"\\s*(,\\s*\"[a-z0-9_]+\"\\s*)*)?]");

    private final SshCommandRunner ssh;
    private final BenchTimeouts timeouts;

    public BenchShell(SshCommandRunner ssh, BenchTimeouts timeouts) {
        this.ssh = ssh;
        this.timeouts = timeouts;
    }

    /** Opens or reuses the host's SSH session: proves the host is reachable and its key is the expected one. */
    public void checkReachable(BenchHost host) {
        try {
            ssh.connect(host.ssh());
        } catch (RemoteCommandException e) {
            throw translate("connect", host, e);
        }
    }

    /** Whether the site exists, from {@code frappe.get_installed_apps} and, when that fails, from how it failed. */
    public SiteState siteState(BenchHost host, SiteName site) {
        Command command = new Command("execute frappe.get_installed_apps", host, site, List.of());
        CommandResult result = run(command, lines(host).installedApps(site, timeouts.commandOnHost()), "");
        if (result.succeeded()) {
            if (!APP_LIST.matcher(lastLine(result)).matches()) {
                throw failed(BenchFailure.COMMAND_FAILED, command.withNote("no app list printed"), result);
            }
            return SiteState.BUILT;
        }
        BenchFailure failure = BenchFailure.of(result, site);
        return switch (failure) {
            case ABSENT -> SiteState.ABSENT;
            case HALF_BUILT -> SiteState.HALF_BUILT;
            default -> throw failed(failure, command, result);
        };
    }

    /** Creates the site with ERPNext; the password answers Frappe's two prompts on stdin. */
    public void newSite(BenchHost host, SiteName site, Secret adminPassword) {
        String answers = adminPassword.reveal() + "\n" + adminPassword.reveal() + "\n";
        expectSuccess(
                new Command("new-site", host, site, List.of(adminPassword)),
                lines(host).newSite(site, timeouts.newSiteOnHost()),
                answers,
                timeouts.newSite());
    }

    public void dropSite(BenchHost host, SiteName site) {
        expectSuccess(
                new Command("drop-site", host, site, List.of()),
                lines(host).dropSite(site, timeouts.commandOnHost()),
                "",
                timeouts.command());
    }

    /** Sets a NEW api_secret for Administrator (the previous one stops working) and returns it. */
    public Secret generateApiSecret(BenchHost host, SiteName site) {
        Command command = new Command("execute generate_keys", host, site, List.of());
        CommandResult result = expectSuccess(
                command, lines(host).generateKeys(site, timeouts.commandOnHost()), "", timeouts.command());
        Matcher m = API_SECRET.matcher(lastLine(result));
        if (!m.find()) {
            throw failed(BenchFailure.COMMAND_FAILED, command.withNote("no api_secret printed"), result);
        }
        return Secret.of(m.group(1));
    }

    public Secret readApiKey(BenchHost host, SiteName site) {
        Command command = new Command("execute frappe.db.get_value", host, site, List.of());
        CommandResult result =
                expectSuccess(command, lines(host).readApiKey(site, timeouts.commandOnHost()), "", timeouts.command());
        Matcher m = API_KEY.matcher(lastLine(result));
        if (!m.matches()) {
            throw failed(BenchFailure.COMMAND_FAILED, command.withNote("no api_key printed"), result);
        }
        return Secret.of(m.group(1));
    }

    /**
     * Mints a one-time login key for the user {@code email} (a customer's, never Administrator: see
     * {@link LoginKeyUsers}) that the site accepts for {@code minutes}, and returns the key alone. Neither the key
     * nor the link it came in reaches an exception message.
     */
    public Secret temporaryLoginKey(BenchHost host, SiteName site, String email, int minutes) {
        Command command = new Command("execute _generate_temporary_login_link", host, site, List.of());
        String line = lines(host).temporaryLoginLink(site, email, minutes, timeouts.commandOnHost());
        CommandResult result = run(command, line, "", timeouts.command());
        String what = "bench " + command.name() + " on host " + host.id() + " exited " + result.exitCode();
        if (!result.succeeded()) {
            BenchCommandException failed = failed(BenchFailure.of(result, site), command, result);
            throw new BenchCommandException(
                    failed.reason(),
                    failed.isTransient(),
                    failed.isHostProblem(),
                    ANY_KEY.matcher(failed.getMessage()).replaceAll("key=[redacted]"));
        }
        Matcher m = LOGIN_LINK.matcher(lastLine(result));
        if (!m.matches()) {
            // Not quoted: whatever it printed may hold a key.
            throw new BenchCommandException(
                    FailureReason.BENCH_COMMAND_FAILED, false, false, what + " but printed no login link");
        }
        return Secret.of(m.group(1));
    }

    public void setupNginx(BenchHost host) {
        expectSuccess(
                new Command("setup nginx", host, null, List.of()),
                lines(host).setupNginx(timeouts.commandOnHost()),
                "",
                timeouts.command());
    }

    /**
     * Renames a standby site's folder to the customer's site ({@code test ! -e} + {@code mv -T}): exit 0 renamed;
     * exit 1 with nothing printed when the site's folder exists; exit 1 with {@code cannot stat} when the standby is
     * gone. Anything else (the host cannot run it, the connection dropped) is a {@link BenchCommandException}.
     */
    public RenameOutcome renameStandby(BenchHost host, SiteName standby, SiteName site) {
        Command command = new Command("rename standby", host, site, List.of());
        CommandResult result = run(command, lines(host).renameStandby(standby, site), "");
        if (result.succeeded()) {
            return RenameOutcome.RENAMED;
        }
        if (result.exitCode() == 1 && result.output().isBlank()) {
            return RenameOutcome.SITE_EXISTS;
        }
        if (result.exitCode() == 1 && result.stderr().contains("cannot stat")) {
            return RenameOutcome.STANDBY_MISSING;
        }
        throw failed(BenchFailure.COMMAND_FAILED, command, result);
    }

    /** {@code set-maintenance-mode on|off}: while on, the site answers every web request with 503. */
    public void setMaintenanceMode(BenchHost host, SiteName site, boolean on) {
        expectSuccess(
                new Command("set-maintenance-mode " + (on ? "on" : "off"), host, site, List.of()),
                lines(host).maintenanceMode(site, on, timeouts.commandOnHost()),
                "",
                timeouts.command());
    }

    /** {@code disable-scheduler} (true) or {@code enable-scheduler} (false). */
    public void setSchedulerDisabled(BenchHost host, SiteName site, boolean disabled) {
        expectSuccess(
                new Command(disabled ? "disable-scheduler" : "enable-scheduler", host, site, List.of()),
                lines(host).scheduler(site, disabled, timeouts.commandOnHost()),
                "",
                timeouts.command());
    }

    /** A backup with files into {@code location}; the files bench printed, each checked to lie in it. */
    public BackupSummary backupWithFiles(BenchHost host, SiteName site, BackupLocation location) {
        Command command = new Command("backup --with-files", host, site, List.of());
        CommandResult result = expectSuccess(
                command, lines(host).backupWithFiles(site, location, timeouts.backupOnHost()), "", timeouts.backup());
        try {
            return BackupSummary.parse(result.stdout(), location);
        } catch (IllegalArgumentException e) {
            throw failed(BenchFailure.COMMAND_FAILED, command.withNote(e.getMessage()), result);
        }
    }

    /** Lower-case hex SHA-256 of each file, read on the host; every file must be answered for. */
    public Map<String, String> sha256(BenchHost host, List<String> files) {
        Command command = new Command("sha256sum", host, null, List.of());
        CommandResult result = expectSuccess(command, lines(host).sha256(files), "", timeouts.backup());
        Map<String, String> sums = new LinkedHashMap<>();
        for (String line : result.stdout().lines().toList()) {
            Matcher m = SHA256_LINE.matcher(line.strip());
            if (m.matches() && files.contains(m.group(2))) {
                sums.put(m.group(2), m.group(1));
            }
        }
        if (!sums.keySet().containsAll(files)) {
            throw failed(BenchFailure.COMMAND_FAILED, command.withNote("not every file's checksum printed"), result);
        }
        return sums;
    }

    /** The size in bytes of each file, read on the host; every file must be answered for. */
    public Map<String, Long> sizes(BenchHost host, List<String> files) {
        Command command = new Command("stat", host, null, List.of());
        CommandResult result = expectSuccess(command, lines(host).sizes(files), "", timeouts.command());
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String line : result.stdout().lines().toList()) {
            Matcher m = SIZE_LINE.matcher(line.strip());
            if (m.matches() && files.contains(m.group(2))) {
                sizes.put(m.group(2), Long.parseLong(m.group(1)));
            }
        }
        if (!sizes.keySet().containsAll(files)) {
            throw failed(BenchFailure.COMMAND_FAILED, command.withNote("not every file's size printed"), result);
        }
        return sizes;
    }

    /** {@code drop-site --force --no-backup --archived-sites-path}: the site's folder moves to the archive. */
    public void archiveSite(BenchHost host, SiteName site, String archiveFolder) {
        expectSuccess(
                new Command("drop-site (archive)", host, site, List.of()),
                lines(host).archiveSite(site, archiveFolder, timeouts.commandOnHost()),
                "",
                timeouts.command());
    }

    /** The host's app versions as {@code bench version} prints them (sorted {@code app version} lines). */
    public String appVersions(BenchHost host) {
        Command command = new Command("version", host, null, List.of());
        CommandResult result = expectSuccess(command, lines(host).appVersions(), "", timeouts.command());
        return result.stdout()
                .lines()
                .map(String::strip)
                .filter(l -> l.matches("[A-Za-z0-9_-]+ \\S+"))
                .sorted()
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** The host's own reload command, run as configured (it was checked to be plain words at startup). */
    public void reloadWebServer(BenchHost host) {
        expectSuccess(
                new Command("web server reload", host, null, List.of()), host.reloadCommand(), "", timeouts.command());
    }

    private CommandResult expectSuccess(Command command, String line, String stdin, Duration timeout) {
        CommandResult result = run(command, line, stdin, timeout);
        if (!result.succeeded()) {
            throw failed(BenchFailure.of(result, command.site()), command, result);
        }
        return result;
    }

    private CommandResult run(Command command, String line, String stdin) {
        return run(command, line, stdin, timeouts.command());
    }

    private CommandResult run(Command command, String line, String stdin, Duration timeout) {
        try {
            return ssh.run(command.host().ssh(), line, stdin, timeout);
        } catch (RemoteCommandException e) {
            throw translate(command.name(), command.host(), e);
        }
    }

    /** The last non-empty line of stdout: where bench puts the one value a command prints. */
    private static String lastLine(CommandResult result) {
        List<String> lines = result.stdout()
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private static BenchCommandException failed(BenchFailure failure, Command command, CommandResult result) {
        String printed = BenchOutput.forMessage(result.output(), command.secrets());
        String what = "bench " + command.name() + " on host " + command.host().id() + " exited " + result.exitCode();
        return switch (failure) {
            case TAKEN -> new BenchCommandException(FailureReason.SUBDOMAIN_TAKEN, false, false, what + ": " + printed);
            case TIMED_OUT ->
                new BenchCommandException(
                        FailureReason.BENCH_COMMAND_TIMED_OUT,
                        true,
                        false,
                        what + " (stopped by the host's timeout): " + printed);
            case HOST_MISCONFIGURED ->
                new BenchCommandException(
                        FailureReason.BENCH_COMMAND_FAILED,
                        false,
                        true,
                        what + " (the host cannot run bench as configured): " + printed);
            default ->
                new BenchCommandException(FailureReason.BENCH_COMMAND_FAILED, false, false, what + ": " + printed);
        };
    }

    private static BenchCommandException translate(String command, BenchHost host, RemoteCommandException e) {
        FailureReason reason = switch (e.kind()) {
            case TIMED_OUT -> FailureReason.BENCH_COMMAND_TIMED_OUT;
            case HOST_KEY_REJECTED -> FailureReason.HOST_KEY_REJECTED;
            case UNREACHABLE, CONNECTION_DROPPED, AUTHENTICATION_REJECTED, ALGORITHMS_REFUSED ->
                FailureReason.HOST_UNREACHABLE;
        };
        return new BenchCommandException(reason, e.kind().isTransient(), false, command + ": " + e.getMessage());
    }

    private static BenchCommandLines lines(BenchHost host) {
        return new BenchCommandLines(host.benchFolder(), host.benchExecutable());
    }

    /** One bench command for messages: its name, host, site (null for host-wide commands) and secrets to redact. */
    private record Command(String name, BenchHost host, SiteName site, List<Secret> secrets) {
        Command withNote(String note) {
            return new Command(name + " (" + note + ")", host, site, secrets);
        }
    }
}
