package io.benchline.simulator;

import io.benchline.simulator.bench.BenchCli;
import io.benchline.simulator.bench.CommandFaultPolicy;
import io.benchline.simulator.host.HostConditions;
import io.benchline.simulator.host.HostSettings;
import io.benchline.simulator.host.SimulatedHost;
import io.benchline.simulator.host.SitePhase;
import io.benchline.simulator.host.SiteRecord;
import io.benchline.simulator.rest.SiteHttpServer;
import io.benchline.simulator.shell.ShellInterpreter;
import io.benchline.simulator.ssh.BenchSshServer;
import io.benchline.simulator.ssh.CommandJournal;
import io.benchline.simulator.ssh.SshSettings;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

/**
 * A Frappe v15 bench host in the JVM: bench over SSH (exec channels, public-key login) and the sites' REST
 * API over HTTP, with the timing, output, exit codes, error bodies and failure modes of the real thing.
 */
public final class FrappeSimulator implements AutoCloseable {

    private final String host;
    private final String loginUser;
    private final SimulatedHost bench;
    private final Faults faults;
    private final Clock clock;
    private final List<CommandSlot> commands = new ArrayList<>();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final Set<HostMisconfiguration> misconfigurations = EnumSet.noneOf(HostMisconfiguration.class);
    private BenchSshServer ssh;
    private SiteHttpServer http;
    private SiteHttpServer gunicorn;

    private FrappeSimulator(Builder builder) {
        this.host = builder.bindAddress;
        this.loginUser = builder.loginUser;
        this.clock = builder.clock;
        this.faults = new Faults(builder.seed);
        this.bench = new SimulatedHost(new HostSettings(
                builder.loginUser,
                builder.benchFolder,
                builder.loginFolderIsBench,
                builder.timeScale,
                builder.newSiteDuration,
                builder.installAppDuration,
                builder.routingDelay,
                builder.perSiteTls,
                builder.frappeInvocationCost,
                builder.benchInvocationCost,
                builder.pypiStall,
                builder.backupDuration,
                clock));
        misconfigure(builder.misconfigurations);
    }

    public static Builder builder() {
        return new Builder();
    }

    private FrappeSimulator start(Builder builder) {
        CommandFaultPolicy commandFaults = faults::decideCommand;
        BenchCli cli = new BenchCli(bench, commandFaults);
        ShellInterpreter shell = new ShellInterpreter(bench, cli, commandFaults, builder.nginxReloadCommand);
        SshSettings sshSettings = new SshSettings(
                builder.bindAddress,
                builder.sshPort,
                builder.loginUser,
                builder.authorizedKeys,
                builder.keys,
                builder.hostKeyFile);
        ssh = BenchSshServer.start(sshSettings, shell, new Journal());
        try {
            http = SiteHttpServer.start(
                    SiteHttpServer.Front.NGINX,
                    builder.bindAddress,
                    builder.httpPort,
                    bench,
                    faults::decideRequest,
                    this::recordRequest,
                    new AdminEndpoints(this),
                    builder.tracebacks);
            gunicorn = SiteHttpServer.start(
                    SiteHttpServer.Front.GUNICORN,
                    builder.bindAddress,
                    builder.gunicornPort,
                    bench,
                    faults::decideRequest,
                    this::recordRequest,
                    null,
                    builder.tracebacks);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    /**
     * Sets the host up wrong in these ways from the next command or request on, replacing the earlier set;
     * empty makes it healthy again. Config-file modes rewrite common_site_config.json.
     */
    public void misconfigure(Collection<HostMisconfiguration> modes) {
        synchronized (misconfigurations) {
            misconfigurations.clear();
            misconfigurations.addAll(modes);
            bench.conditions(new HostConditions(
                    !modes.contains(HostMisconfiguration.DNS_MULTITENANT_OFF),
                    modes.contains(HostMisconfiguration.GLOBAL_ADMIN_PASSWORD),
                    !modes.contains(HostMisconfiguration.NO_ROOT_PASSWORD),
                    !modes.contains(HostMisconfiguration.BENCH_NOT_ON_PATH),
                    modes.contains(HostMisconfiguration.EDITABLE_INSTALL_WARNING),
                    !modes.contains(HostMisconfiguration.PYPI_STALL),
                    !modes.contains(HostMisconfiguration.NGINX_RELOAD_NOT_ALLOWED)));
        }
    }

    /** The modes last set with {@link #misconfigure} or the builder. */
    public Set<HostMisconfiguration> misconfigurations() {
        synchronized (misconfigurations) {
            return misconfigurations.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(misconfigurations));
        }
    }

    /** What {@code bench --version} prints from now on. */
    public void benchVersion(String version) {
        bench.benchVersion(Objects.requireNonNull(version));
    }

    /** The version {@code bench version} (and list-apps) report for an app from now on. */
    public void appVersion(String app, String version) {
        bench.appVersion(Objects.requireNonNull(app), Objects.requireNonNull(version));
    }

    /**
     * Leaves the database of this site name on the MariaDB server without its site folder, as a drop-site that
     * crashed after moving the folder does: the next new-site of that name fails with "Database … already
     * exists" unless it is forced.
     */
    public void leaveDatabaseWithoutSite(String site) {
        bench.leaveDatabaseWithoutSite(Objects.requireNonNull(site));
    }

    /** Where bench lives when it is not on the PATH: {@code /home/<user>/.local/bin/bench}. */
    public String benchExecutable() {
        return bench.settings().benchExecutable();
    }

    /** common_site_config.json as the host has it now (what {@code cat} prints). */
    public String commonSiteConfig() {
        return bench.commonConfigFile();
    }

    /** The user that logs in over SSH (the bench user, "frappe" unless configured). */
    public String loginUser() {
        return loginUser;
    }

    public int sshPort() {
        return ssh.port();
    }

    public int httpPort() {
        return http.port();
    }

    public String host() {
        return host;
    }

    public PublicKey hostKey() {
        return ssh.hostKey();
    }

    /** A known_hosts line for this server: {@code [host]:port keytype base64}. */
    public String knownHostsLine() {
        String name = sshPort() == 22 ? host : "[" + host + "]:" + sshPort();
        return name + " " + PublicKeyEntry.toString(hostKey());
    }

    /**
     * The host's port 80 as bench's nginx serves it: pick a site with the Host header (nginx overwrites any
     * {@code X-Frappe-Site-Name} a client sends).
     */
    public String httpBaseUrl() {
        return "http://" + host + ":" + httpPort();
    }

    /** Frappe's gunicorn reached directly, where {@code X-Frappe-Site-Name} picks the site (no nginx). */
    public String gunicornBaseUrl() {
        return "http://" + host + ":" + gunicorn.port();
    }

    /** Every exec command line received, in order of arrival; a running one shows exit code -1. */
    public List<RecordedCommand> commands() {
        synchronized (commands) {
            return commands.stream().map(CommandSlot::snapshot).toList();
        }
    }

    /** Every site request answered (or held), in order. */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /**
     * Every API secret generate_keys issued, one-time login key minted and password set on this host's sites, in
     * order, in plain text: what a test scans records and logs for, and when each key was rotated.
     */
    public List<IssuedSecret> issuedSecrets() {
        return bench.secrets().entries().stream()
                .map(e -> new IssuedSecret(
                        e.at(),
                        e.site(),
                        e.user(),
                        IssuedSecret.Kind.valueOf(e.kind().name()),
                        e.value()))
                .toList();
    }

    public Faults faults() {
        return faults;
    }

    /**
     * The bytes of a file a command wrote on the host (a backup, an archived site's site_config.json), by absolute
     * path; empty when there is none.
     */
    public Optional<byte[]> file(String absolutePath) {
        return bench.files().read(Objects.requireNonNull(absolutePath));
    }

    /** Absolute paths of the files under this folder (at any depth, sorted) that commands wrote on the host. */
    public List<String> files(String folder) {
        return bench.files().list(Objects.requireNonNull(folder));
    }

    /** The live site of that name, else the last archived one. */
    public Optional<SiteView> site(String name) {
        return bench.site(name).or(() -> bench.lastArchived(name)).map(this::view);
    }

    private SiteView view(SiteRecord site) {
        SitePhase phase = site.phase();
        return new SiteView(
                site.name(),
                SimulatedSiteState.valueOf(phase.name()),
                site.databaseReady() ? site.installedApps() : List.of(),
                phase != SitePhase.ARCHIVED && bench.routed(site.name()),
                site.user(SiteRecord.ADMINISTRATOR).map(u -> u.apiKey()).orElse(null),
                site.userEmails(),
                site.user(SiteRecord.ADMINISTRATOR).map(u -> u.fullName()).orElse(null),
                site.setupComplete(),
                site.databaseReady() ? site.systemSettings() : Map.of(),
                site.liveLoginKeys(),
                site.maintenanceMode(bench.commonConfig()),
                site.databaseReady() && site.schedulerEnabled(),
                site.archivedPath());
    }

    private void recordRequest(String method, String path, String site, int status) {
        synchronized (requests) {
            requests.add(new RecordedRequest(clock.instant(), method, path, site, status));
        }
    }

    @Override
    public void close() {
        try {
            if (http != null) {
                http.close();
            }
            if (gunicorn != null) {
                gunicorn.close();
            }
        } finally {
            if (ssh != null) {
                ssh.close();
            }
        }
    }

    /** One received command; its exit status arrives later. */
    private static final class CommandSlot implements CommandJournal.Entry {
        private final Instant at;
        private final String line;
        private final List<String> words;
        private volatile int exit = CommandJournal.NO_EXIT_STATUS;

        CommandSlot(Instant at, String line, List<String> words) {
            this.at = at;
            this.line = line;
            this.words = words;
        }

        @Override
        public void exited(int exitStatus) {
            exit = exitStatus;
        }

        RecordedCommand snapshot() {
            return new RecordedCommand(at, line, words, exit);
        }
    }

    private final class Journal implements CommandJournal {
        @Override
        public Entry received(String commandLine, List<String> words) {
            CommandSlot slot = new CommandSlot(clock.instant(), commandLine, words);
            synchronized (commands) {
                commands.add(slot);
            }
            return slot;
        }
    }

    /** Settings for a simulator; every one has a default that works for tests. */
    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private int sshPort;
        private int httpPort;
        private int gunicornPort;
        private Path authorizedKeys;
        private final List<PublicKey> keys = new ArrayList<>();
        private Path hostKeyFile;
        private String loginUser = "frappe";
        private String benchFolder = "/home/frappe/frappe-bench";
        private boolean loginFolderIsBench = true;
        private double timeScale;
        private Duration newSiteDuration = Duration.ofMinutes(3);
        private Duration installAppDuration = Duration.ofMinutes(1);
        private Duration backupDuration = Duration.ofSeconds(20);
        private Duration routingDelay = Duration.ZERO;
        private boolean perSiteTls;
        private Duration frappeInvocationCost = Duration.ofMillis(1200);
        private Duration benchInvocationCost = Duration.ofMillis(300);
        private Duration pypiStall = Duration.ofSeconds(120);
        private final Set<HostMisconfiguration> misconfigurations = EnumSet.noneOf(HostMisconfiguration.class);
        private String nginxReloadCommand = "sudo service nginx reload";
        private long seed = 42;
        private boolean tracebacks = true;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** Default 127.0.0.1. */
        public Builder bindAddress(String host) {
            this.bindAddress = Objects.requireNonNull(host);
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder sshPort(int port) {
            this.sshPort = port;
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /** An OpenSSH authorized_keys file, re-read when it changes. */
        public Builder authorizedKeys(Path file) {
            this.authorizedKeys = file;
            return this;
        }

        public Builder authorizedKey(PublicKey key) {
            this.keys.add(Objects.requireNonNull(key));
            return this;
        }

        /** Where the host key lives (made on first start), so known_hosts survives restarts; default in memory. */
        public Builder hostKeyFile(Path file) {
            this.hostKeyFile = file;
            return this;
        }

        /** Default "frappe". */
        public Builder loginUser(String user) {
            this.loginUser = Objects.requireNonNull(user);
            return this;
        }

        /** Default "/home/frappe/frappe-bench". */
        public Builder benchFolder(String path) {
            this.benchFolder = Path.of(path).normalize().toString();
            return this;
        }

        /** Default true; false logs in to the home folder, so bench needs {@code cd <benchFolder> && …}. */
        public Builder loginFolderIsBench(boolean b) {
            this.loginFolderIsBench = b;
            return this;
        }

        /** Multiplies the real-world durations: 0 (the default) is instant, 1 is real time. */
        public Builder timeScale(double factor) {
            if (factor < 0) {
                throw new IllegalArgumentException("time scale must be >= 0");
            }
            this.timeScale = factor;
            return this;
        }

        /** Real-world duration of new-site without apps; default 3 minutes. */
        public Builder newSiteDuration(Duration d) {
            this.newSiteDuration = Objects.requireNonNull(d);
            return this;
        }

        /** Real-world duration of installing one app; default 1 minute. */
        public Builder installAppDuration(Duration d) {
            this.installAppDuration = Objects.requireNonNull(d);
            return this;
        }

        /** Real-world duration of {@code bench backup --with-files} of a site; default 20 seconds. */
        public Builder backupDuration(Duration d) {
            this.backupDuration = Objects.requireNonNull(d);
            return this;
        }

        /** 0 (the default) picks a free port for the direct-to-gunicorn front ({@link #gunicornBaseUrl()}). */
        public Builder gunicornPort(int port) {
            this.gunicornPort = port;
            return this;
        }

        /**
         * With {@link #perSiteTls(boolean)} on, how long after an nginx reload a new name starts to answer (not
         * scaled); default 0. Without per-site TLS a name answers as soon as its site folder exists, so this has
         * no effect.
         */
        public Builder routingDelay(Duration d) {
            this.routingDelay = Objects.requireNonNull(d);
            return this;
        }

        /**
         * Default false: bench's port-80 server is nginx's default and forwards any Host to Frappe, so a new site
         * answers (500, then 401/200) as soon as its folder exists, during new-site. True: per-site TLS server
         * blocks, so a name answers only after {@code bench setup nginx --yes} and a reload (plus routing delay).
         */
        public Builder perSiteTls(boolean on) {
            this.perSiteTls = on;
            return this;
        }

        /**
         * Real-world start-up of every bench command that reaches Frappe ({@code python -m
         * frappe.utils.bench_helper}: Python plus importing Frappe), scaled by the time scale; default 1.2 s.
         */
        public Builder frappeInvocationCost(Duration d) {
            this.frappeInvocationCost = Objects.requireNonNull(d);
            return this;
        }

        /** Real-world start-up of bench's own commands ({@code setup}, {@code config}, {@code --version}), scaled; default 0.3 s. */
        public Builder benchInvocationCost(Duration d) {
            this.benchInvocationCost = Objects.requireNonNull(d);
            return this;
        }

        /** How long bench's own commands hang on the PyPI check in {@link HostMisconfiguration#PYPI_STALL} (real time); default 120 s. */
        public Builder pypiStall(Duration d) {
            this.pypiStall = Objects.requireNonNull(d);
            return this;
        }

        /** Starts the host set up wrong in these ways; see {@link FrappeSimulator#misconfigure}. Default none. */
        public Builder misconfigure(HostMisconfiguration... modes) {
            this.misconfigurations.addAll(List.of(modes));
            return this;
        }

        /** The exact command that reloads the web server; default "sudo service nginx reload". */
        public Builder nginxReloadCommand(String cmd) {
            this.nginxReloadCommand = Objects.requireNonNull(cmd);
            return this;
        }

        /** Seeds probabilistic faults; default 42. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether REST errors carry {@code exception} and {@code exc}; default true. */
        public Builder tracebacks(boolean on) {
            this.tracebacks = on;
            return this;
        }

        /**
         * The host's clock (records, routing delay, login-key expiry, rate-limit windows); default the system UTC
         * clock. A test that must see an hour pass gives its own.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public FrappeSimulator start() {
            return new FrappeSimulator(this).start(this);
        }
    }
}
