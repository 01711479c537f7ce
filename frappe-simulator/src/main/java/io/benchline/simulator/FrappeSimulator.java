package io.benchline.simulator;

import io.benchline.simulator.bench.BenchCli;
import io.benchline.simulator.bench.CommandFaultPolicy;
import io.benchline.simulator.host.BenchHost;
import io.benchline.simulator.host.HostSettings;
import io.benchline.simulator.host.Site;
import io.benchline.simulator.host.SitePhase;
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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

/**
 * A Frappe v15 bench host in the JVM: bench over SSH (exec channels, public-key login) and the sites' REST
 * API over HTTP, with the timing, output, exit codes, error bodies and failure modes of the real thing.
 */
public final class FrappeSimulator implements AutoCloseable {

    private final String host;
    private final String loginUser;
    private final BenchHost bench;
    private final Faults faults;
    private final Clock clock;
    private final List<CommandSlot> commands = new ArrayList<>();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private BenchSshServer ssh;
    private SiteHttpServer http;

    private FrappeSimulator(Builder builder) {
        this.host = builder.bindAddress;
        this.loginUser = builder.loginUser;
        this.clock = Clock.systemUTC();
        this.faults = new Faults(builder.seed);
        this.bench = new BenchHost(new HostSettings(
                builder.loginUser,
                builder.benchFolder,
                builder.loginFolderIsBench,
                builder.timeScale,
                builder.newSiteDuration,
                builder.installAppDuration,
                builder.routingDelay,
                true,
                clock));
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
                    builder.bindAddress,
                    builder.httpPort,
                    bench,
                    faults::decideRequest,
                    this::recordRequest,
                    new AdminEndpoints(this),
                    builder.tracebacks);
        } catch (RuntimeException e) {
            ssh.close();
            throw e;
        }
        return this;
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

    public String httpBaseUrl() {
        return "http://" + host + ":" + httpPort();
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

    public Faults faults() {
        return faults;
    }

    /** The live site of that name, else the last archived one. */
    public Optional<SiteView> site(String name) {
        return bench.site(name).or(() -> bench.lastArchived(name)).map(this::view);
    }

    private SiteView view(Site site) {
        SitePhase phase = site.phase();
        return new SiteView(
                site.name(),
                SiteState.valueOf(phase.name()),
                site.databaseReady() ? site.installedApps() : List.of(),
                phase != SitePhase.ARCHIVED && bench.routed(site.name()),
                site.user(Site.ADMINISTRATOR).map(u -> u.apiKey()).orElse(null),
                site.userEmails(),
                site.setupComplete());
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
        private Path authorizedKeys;
        private final List<PublicKey> keys = new ArrayList<>();
        private Path hostKeyFile;
        private String loginUser = "frappe";
        private String benchFolder = "/home/frappe/frappe-bench";
        private boolean loginFolderIsBench = true;
        private double timeScale;
        private Duration newSiteDuration = Duration.ofMinutes(3);
        private Duration installAppDuration = Duration.ofMinutes(1);
        private Duration routingDelay = Duration.ZERO;
        private String nginxReloadCommand = "sudo service nginx reload";
        private long seed = 42;
        private boolean tracebacks = true;

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

        /** How long after an nginx reload a new name starts to answer (not scaled); default 0. */
        public Builder routingDelay(Duration d) {
            this.routingDelay = Objects.requireNonNull(d);
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

        public FrappeSimulator start() {
            return new FrappeSimulator(this).start(this);
        }
    }
}
