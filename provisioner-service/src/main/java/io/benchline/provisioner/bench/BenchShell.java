package io.benchline.provisioner.bench;

import io.benchline.events.FailureReason;
import io.benchline.platform.secrets.Secret;
import io.benchline.provisioner.hosts.BenchHost;
import io.benchline.provisioner.ssh.CommandResult;
import io.benchline.provisioner.ssh.RemoteCommandException;
import io.benchline.provisioner.ssh.SshCommandRunner;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bench CLI of a bench host, one method per command the provisioner needs. Every failure becomes a
 * {@link BenchCommandException} saying which command on which host failed and what bench printed, without secrets.
 */
public final class BenchShell {

    private static final Pattern API_SECRET = Pattern.compile("\"api_secret\"\\s*:\\s*\"([A-Za-z0-9]+)\"");
    private static final Pattern API_KEY = Pattern.compile("\"?([A-Za-z0-9]+)\"?");
    private static final Pattern ERPNEXT = Pattern.compile("\"erpnext\"");

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

    public SiteState siteState(BenchHost host, SiteName site) {
        CommandResult result = run("list-apps", host, lines(host).listApps(site), timeouts.command(), List.of());
        if (result.succeeded()) {
            return ERPNEXT.matcher(result.stdout()).find() ? SiteState.COMPLETE : SiteState.INCOMPLETE;
        }
        if (result.output().contains("does not exist")) {
            return SiteState.ABSENT;
        }
        // The folder exists but the site does not answer (e.g. its database is missing): half-built.
        return SiteState.INCOMPLETE;
    }

    public void newSite(BenchHost host, SiteName site, Secret adminPassword) {
        CommandResult result = run(
                "new-site", host, lines(host).newSite(site, adminPassword), timeouts.newSite(), List.of(adminPassword));
        if (!result.succeeded()) {
            boolean taken = result.output().contains("already exists");
            throw failed(
                    taken ? FailureReason.SUBDOMAIN_TAKEN : FailureReason.BENCH_COMMAND_FAILED,
                    "new-site",
                    host,
                    result,
                    List.of(adminPassword));
        }
    }

    public void dropSite(BenchHost host, SiteName site) {
        expectSuccess("drop-site", host, lines(host).dropSite(site), timeouts.command(), List.of());
    }

    /** Sets a NEW api_secret for Administrator (the previous one stops working) and returns it. */
    public Secret generateApiSecret(BenchHost host, SiteName site) {
        CommandResult result = expectSuccess(
                "execute generate_keys", host, lines(host).generateKeys(site), timeouts.command(), List.of());
        Matcher m = API_SECRET.matcher(result.stdout());
        if (!m.find()) {
            throw failed(
                    FailureReason.BENCH_COMMAND_FAILED,
                    "execute generate_keys (no api_secret printed)",
                    host,
                    result,
                    List.of());
        }
        return Secret.of(m.group(1));
    }

    public Secret readApiKey(BenchHost host, SiteName site) {
        CommandResult result = expectSuccess(
                "execute frappe.db.get_value", host, lines(host).readApiKey(site), timeouts.command(), List.of());
        Matcher m = API_KEY.matcher(result.stdout().strip());
        if (!m.matches()) {
            throw failed(
                    FailureReason.BENCH_COMMAND_FAILED,
                    "execute frappe.db.get_value (no api_key printed)",
                    host,
                    result,
                    List.of());
        }
        return Secret.of(m.group(1));
    }

    public void setAdminPassword(BenchHost host, SiteName site, Secret password) {
        expectSuccess(
                "set-admin-password",
                host,
                lines(host).setAdminPassword(site, password),
                timeouts.command(),
                List.of(password));
    }

    public void setupNginx(BenchHost host) {
        expectSuccess("setup nginx", host, lines(host).setupNginx(), timeouts.command(), List.of());
    }

    /** The host's own reload command, run as configured (it was checked to be plain words at startup). */
    public void reloadWebServer(BenchHost host) {
        expectSuccess("web server reload", host, host.reloadCommand(), timeouts.command(), List.of());
    }

    private CommandResult expectSuccess(
            String command, BenchHost host, String line, Duration timeout, List<Secret> secrets) {
        CommandResult result = run(command, host, line, timeout, secrets);
        if (!result.succeeded()) {
            throw failed(FailureReason.BENCH_COMMAND_FAILED, command, host, result, secrets);
        }
        return result;
    }

    private CommandResult run(String command, BenchHost host, String line, Duration timeout, List<Secret> secrets) {
        try {
            return ssh.run(host.ssh(), line, timeout);
        } catch (RemoteCommandException e) {
            throw translate(command, host, e);
        }
    }

    private static BenchCommandException failed(
            FailureReason reason, String command, BenchHost host, CommandResult result, List<Secret> secrets) {
        return new BenchCommandException(
                reason,
                false,
                "bench " + command + " on host " + host.id() + " exited " + result.exitCode() + ": "
                        + BenchOutput.forMessage(result.output(), secrets),
                null);
    }

    private static BenchCommandException translate(String command, BenchHost host, RemoteCommandException e) {
        FailureReason reason = switch (e.kind()) {
            case TIMED_OUT -> FailureReason.BENCH_COMMAND_TIMED_OUT;
            case HOST_KEY_REJECTED -> FailureReason.HOST_KEY_REJECTED;
            case UNREACHABLE, CONNECTION_DROPPED, AUTHENTICATION_REJECTED -> FailureReason.HOST_UNREACHABLE;
        };
        return new BenchCommandException(reason, e.kind().isTransient(), command + ": " + e.getMessage(), null);
    }

    private static BenchCommandLines lines(BenchHost host) {
        return new BenchCommandLines(host.benchFolder());
    }
}
