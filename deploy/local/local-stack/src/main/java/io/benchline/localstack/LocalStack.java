package io.benchline.localstack;

import io.benchline.simulator.FrappeSimulator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the whole system on this machine: the development Kafka broker (a JVM of its own, unless a broker is
 * given), the Frappe simulator (in this JVM, as a bench host on SSH and a site API on HTTP), the four pipeline
 * services and then operator-service (a JVM each, from their jars as {@link ExtractedJar} lays them out), and waits
 * until every service reports ready. operator-service's bearer tokens come from a development issuer of the state
 * folder ({@link OperatorTokens}).
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final String VERSION = "0.1.0-SNAPSHOT";
    /** The signup pipeline's services, started first. */
    static final List<String> SERVICES =
            List.of("signup-service", "provisioner-service", "verifier-service", "user-service");
    /** The operator API and tenant lifecycle, started once the pipeline is ready (it follows the pipeline's topics). */
    static final String OPERATOR_SERVICE = "operator-service";
    /**
     * This JVM in {@link #processIds()}: the launcher, which runs the Frappe simulator (and a benchmark's load driver,
     * which the benchmark measures apart).
     */
    static final String LAUNCHER = "local-stack + simulator";
    /** Every service the stack runs, in start order. */
    static final List<String> ALL_SERVICES =
            List.of("signup-service", "provisioner-service", "verifier-service", "user-service", OPERATOR_SERVICE);

    private final Options options;
    private final StateFolder state;
    private final String java;
    private final SecureKafka secureKafka;
    private ChildProcess broker;
    private FrappeSimulator simulator;
    private FrappeSimulator spareSimulator;
    private LocalMail mail;
    private OperatorTokens operatorTokens;
    /** Synchronized: a chaos campaign kills and restarts services from several threads at once. */
    private final Map<String, ChildProcess> services = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Per service, properties added to (or replacing) its configuration, e.g. a test's short timings. */
    private Map<String, Map<String, String>> serviceProperties = Map.of();
    /** Per process name, JVM flags added after {@code java} (e.g. Flight Recorder for {@code --profile}). */
    private Function<String, List<String>> jvmFlags = process -> List.of();

    /**
     * @param repository the repository root (jars are found under it)
     * @param kafkaBootstrap an existing broker to use, or {@code null} to start the development broker
     * @param timeScale simulated bench durations times this (0 instant, 1 real-world minutes)
     * @param spareBenchHost a second simulator as a second bench host ({@code spare-simulator}, same site domain,
     *     ports picked by the OS) for tests that take one host out; its sites are not reachable through the
     *     signup's siteUrl, so keep it from building sites the verifier must reach (e.g. misconfigured)
     * @param provisionerProperties added to (or replacing) provisioner-service's configuration
     * @param rateLimit signups per minute per client ({@code --rate-limit}); 0 for limits nobody reaches
     * @param secure the development broker with SASL_SSL, a SCRAM principal per service and ACLs ({@code --secure});
     *     needs the stack's own broker ({@code kafkaBootstrap} null)
     * @param pool the provisioner keeps a pool of standby sites ({@code --pool} / {@code --no-pool})
     * @param verifyEmail signup-service mails a verification code through GreenMail, run in this JVM
     *     ({@code --verify-email}); off, signups need no verification
     * @param canary operator-service runs the signup canary every minute ({@code --canary}; contracts §7)
     */
    public record Options(
            Path repository,
            Path stateFolder,
            boolean fresh,
            StackPorts ports,
            String kafkaBootstrap,
            double timeScale,
            boolean spareBenchHost,
            Map<String, String> provisionerProperties,
            int rateLimit,
            boolean secure,
            boolean pool,
            boolean verifyEmail,
            boolean canary) {

        public Options {
            if (secure && kafkaBootstrap != null) {
                throw new IllegalArgumentException("a secure stack runs its own development broker");
            }
        }
    }

    /** Child JVMs outlive a parent that dies without closing the stack; this hook closes it on any exit. */
    private final Thread closeOnExit = new Thread(this::close, "local-stack-close");

    private LocalStack(Options options, StateFolder state) {
        this.options = options;
        this.state = state;
        this.secureKafka = options.secure() ? new SecureKafka(state.kafkaSecurity()) : null;
        this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Runtime.getRuntime().addShutdownHook(closeOnExit);
    }

    public static LocalStack start(Options options) throws IOException, GeneralSecurityException {
        return start(options, Map.of());
    }

    /**
     * @param serviceProperties per service name, properties added to (or replacing) its configuration for the
     *     stack's life (restarts included); provisioner-service's come after {@link Options#provisionerProperties()}
     */
    public static LocalStack start(Options options, Map<String, Map<String, String>> serviceProperties)
            throws IOException, GeneralSecurityException {
        return start(options, serviceProperties, process -> List.of());
    }

    /** @param jvmFlags per process name ("kafka" and the services), JVM flags it starts with besides the usual */
    static LocalStack start(
            Options options,
            Map<String, Map<String, String>> serviceProperties,
            Function<String, List<String>> jvmFlags)
            throws IOException, GeneralSecurityException {
        StateFolder state = StateFolder.prepare(options.stateFolder(), options.fresh());
        LocalStack stack = new LocalStack(options, state);
        stack.serviceProperties = Map.copyOf(serviceProperties);
        stack.jvmFlags = jvmFlags;
        try {
            stack.operatorTokens = OperatorTokens.of(state);
            stack.operatorTokens.mint(Instant.now());
            stack.startBroker(true);
            stack.startSimulator();
            if (options.verifyEmail()) {
                stack.mail =
                        LocalMail.start(options.ports().smtp(), options.ports().imap(), state.mail());
                if (options.canary()) {
                    OperatorTokens.writePrivate(state.canaryMailboxPassword(), OperatorAccess.CANARY_MAILBOX);
                    stack.mail.catchAll(OperatorAccess.CANARY_EMAIL_DOMAIN, OperatorAccess.CANARY_MAILBOX);
                }
            }
            for (String service : SERVICES) {
                stack.startService(service);
            }
            for (String service : SERVICES) {
                stack.awaitHealthy(service);
            }
            stack.startService(OPERATOR_SERVICE);
            stack.awaitHealthy(OPERATOR_SERVICE);
            return stack;
        } catch (IOException | RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    public String kafkaBootstrap() {
        return options.kafkaBootstrap() != null
                ? options.kafkaBootstrap()
                : "127.0.0.1:" + options.ports().kafka();
    }

    /** The secured broker's client settings, or empty when the stack runs a plaintext broker. */
    Optional<SecureKafka> secureKafka() {
        return Optional.ofNullable(secureKafka);
    }

    /** A Kafka client configuration with full access: the admin's on a secured broker, else just the bootstrap. */
    public Map<String, Object> kafkaAdminConfig() {
        return secureKafka != null
                ? secureKafka.clientConfig(SecureKafka.ADMIN)
                : Map.of("bootstrap.servers", kafkaBootstrap());
    }

    public FrappeSimulator simulator() {
        return simulator;
    }

    /** The mail server signup-service sends verification codes to, when {@link Options#verifyEmail()}. */
    public Optional<LocalMail> mail() {
        return Optional.ofNullable(mail);
    }

    /** Whether the provisioner keeps a standby pool in this stack. */
    public boolean pool() {
        return options.pool();
    }

    /** The second bench host, when {@link Options#spareBenchHost()} asked for one. */
    public FrappeSimulator spareSimulator() {
        return spareSimulator;
    }

    public String signupUrl() {
        return "http://localhost:" + options.ports().signup();
    }

    /** The operator API's base ({@code /ops} below it; actuator on the same port). */
    public String operatorUrl() {
        return "http://localhost:" + options.ports().operator();
    }

    /** The file holding a bearer token with {@code ops:read ops:write} (sub {@code local-operator}), valid 7 days. */
    public Path operatorToken() {
        return operatorTokens.readWriteToken();
    }

    /** The file holding a bearer token with {@code ops:read} only (sub {@code local-readonly}). */
    public Path operatorReadOnlyToken() {
        return operatorTokens.readOnlyToken();
    }

    /** Whether operator-service runs the signup canary in this stack. */
    public boolean canary() {
        return options.canary();
    }

    public int port(String service) {
        StackPorts p = options.ports();
        return switch (service) {
            case "signup-service" -> p.signup();
            case "provisioner-service" -> p.provisioner();
            case "verifier-service" -> p.verifier();
            case "user-service" -> p.user();
            case OPERATOR_SERVICE -> p.operator();
            default -> throw new IllegalArgumentException("no such service: " + service);
        };
    }

    /** Where a service's actuator answers: signup-service's management port, the others' own port. */
    public int managementPort(String service) {
        return service.equals("signup-service") ? options.ports().signupManagement() : port(service);
    }

    /** Process ids of the JVMs the stack started, by name ("kafka" and the services); the simulator runs here. */
    public Map<String, Long> processIds() {
        Map<String, Long> pids = new LinkedHashMap<>();
        if (broker != null) {
            pids.put("kafka", broker.pid());
        }
        pids.putAll(serviceProcessIds());
        pids.put(LAUNCHER, ProcessHandle.current().pid());
        return pids;
    }

    /** Process ids of the services' JVMs alone (not the broker's nor this launcher's), by service name. */
    public Map<String, Long> serviceProcessIds() {
        Map<String, Long> pids = new LinkedHashMap<>();
        services.forEach((name, process) -> pids.put(name, process.pid()));
        return pids;
    }

    /** Every service the stack runs, in start order (the four pipeline services, then operator-service). */
    public static List<String> services() {
        return ALL_SERVICES;
    }

    /** Where every process's log is, one {@code <process>.log} each ({@code kafka}, the services). */
    public Path logsFolder() {
        return state.log("kafka").getParent();
    }

    /** Whether the stack runs its own development broker (which it can then kill and restart). */
    public boolean ownsBroker() {
        return options.kafkaBootstrap() == null;
    }

    /** kill -9 of one service (a crash); {@link #startService} and {@link #awaitHealthy} bring it back. */
    public void kill(String service) {
        ChildProcess process = services.remove(service);
        if (process == null) {
            throw new IllegalStateException(service + " is not running");
        }
        process.kill();
    }

    /** SIGSTOP: the service's JVM freezes (no heartbeats, no polls) until {@link #resume}. */
    public void pause(String service) {
        running(service).signal("STOP");
    }

    /** SIGCONT after {@link #pause}. */
    public void resume(String service) {
        running(service).signal("CONT");
    }

    private ChildProcess running(String service) {
        ChildProcess process = services.get(service);
        if (process == null) {
            throw new IllegalStateException(service + " is not running");
        }
        return process;
    }

    /** kill -9 of the stack's own broker; {@link #restartBroker} starts it on the same data folder and port. */
    public synchronized void killBroker() {
        if (broker == null) {
            throw new IllegalStateException("the stack runs no broker of its own");
        }
        broker.kill();
    }

    /** Starts the stack's broker again after {@link #killBroker}: same data folder, same ports, log appended to. */
    public synchronized void restartBroker() throws IOException {
        if (!ownsBroker()) {
            throw new IllegalStateException("the stack runs no broker of its own");
        }
        if (broker != null && broker.isAlive()) {
            throw new IllegalStateException("the broker is running");
        }
        startBroker(false);
    }

    /** Stops one service (SIGTERM) and starts it again, as an operator's restart would. */
    public void restart(String service) throws IOException {
        restart(service, Map.of());
    }

    /** Restarts one service with some properties changed (e.g. to make sites unreachable from it). */
    public void restart(String service, Map<String, String> changedProperties) throws IOException {
        stop(service);
        startService(service, changedProperties);
        awaitHealthy(service);
    }

    /** Stops one service; {@link #startService} brings it back. */
    public void stop(String service) {
        ChildProcess process = services.remove(service);
        if (process != null) {
            process.close();
        }
    }

    public void startService(String service) throws IOException {
        startService(service, Map.of());
    }

    public void startService(String service, Map<String, String> changedProperties) throws IOException {
        ServiceLaunch launch = launchOf(service).with(changedProperties);
        List<String> command = new ArrayList<>(launch.command(java));
        command.addAll(1, jvmFlags.apply(service));
        ChildProcess process =
                new ChildProcess(service, command, launch.secretEnvironment(), state.log(service)).start();
        services.put(service, process);
    }

    /** Waits until the service's readiness group is UP: it can do its work, not merely answer. */
    public void awaitHealthy(String service) {
        // Readiness, not the whole health: UP once the service can do its work (one bad bench host is not a failed
        // start).
        URI readiness = URI.create("http://127.0.0.1:" + managementPort(service) + "/actuator/health/readiness");
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            ChildProcess process = services.get(service);
            if (process == null) {
                throw new IllegalStateException(service + " was stopped during start; see " + state.log(service));
            }
            if (!process.isAlive()) {
                throw process.exitedDuringStart();
            }
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(readiness)
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    log.info("{} is ready on port {}", service, port(service));
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + service, e);
            }
            pause(Duration.ofMillis(250));
        }
        throw new IllegalStateException(
                service + " not ready after " + START_TIMEOUT.toSeconds() + " s; see " + state.log(service));
    }

    /** @param first the stack's start (a restart finds the secured broker's topics and ACLs in its data folder) */
    private void startBroker(boolean first) throws IOException {
        if (options.kafkaBootstrap() != null) {
            return;
        }
        Path jar = options.repository().resolve("deploy/local/dev-broker/target/dev-broker.jar");
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-jar",
                requireJar(jar).toString(),
                "--data",
                state.kafkaData().toString(),
                "--port",
                Integer.toString(options.ports().kafka()),
                "--controller-port",
                Integer.toString(options.ports().kafkaController())));
        if (secureKafka != null) {
            command.addAll(List.of(
                    "--secure",
                    secureKafka.folder().toString(),
                    "--users",
                    String.join(",", SecureKafka.serviceUsers())));
        }
        command.addAll(1, jvmFlags.apply("kafka"));
        broker = new ChildProcess("kafka", command, Map.of(), state.log("kafka")).start();
        awaitPort("kafka", options.ports().kafka(), broker);
        if (secureKafka != null && first) {
            secureKafka.prepare();
            log.info("topics and ACLs created; admin client properties in {}", secureKafka.adminProperties());
        }
    }

    private void startSimulator() throws IOException {
        simulator = FrappeSimulator.builder()
                .sshPort(options.ports().ssh())
                .httpPort(options.ports().http())
                .authorizedKeys(state.authorizedKeys())
                .hostKeyFile(state.simulatorHostKey())
                .timeScale(options.timeScale())
                .start();
        log.info("Frappe simulator: SSH 127.0.0.1:{}, HTTP {}", simulator.sshPort(), simulator.httpBaseUrl());
        if (!options.spareBenchHost()) {
            state.writeKnownHosts(simulator.knownHostsLine());
            return;
        }
        spareSimulator = FrappeSimulator.builder()
                .authorizedKeys(state.authorizedKeys())
                .hostKeyFile(state.spareSimulatorHostKey())
                .timeScale(options.timeScale())
                .start();
        state.writeKnownHosts(simulator.knownHostsLine(), spareSimulator.knownHostsLine());
        log.info(
                "spare Frappe simulator: SSH 127.0.0.1:{}, HTTP {}",
                spareSimulator.sshPort(),
                spareSimulator.httpBaseUrl());
    }

    private ServiceLaunch launchOf(String service) throws IOException {
        Path jar = ExtractedJar.of(
                java,
                requireJar(options.repository().resolve(service + "/target/" + service + "-" + VERSION + ".jar")));
        ServiceLaunch launch = ServiceConfiguration.of(
                service,
                jar,
                port(service),
                managementPort(service),
                options.rateLimit(),
                state,
                kafkaBootstrap(),
                simulator,
                spareSimulator,
                secureKafka,
                options.pool(),
                mail,
                new OperatorAccess(
                        operatorTokens, options.canary(), options.ports().signup()));
        if (service.equals("provisioner-service")) {
            launch = launch.with(options.provisionerProperties());
        }
        return launch.with(serviceProperties.getOrDefault(service, Map.of()));
    }

    private static Path requireJar(Path jar) {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with `mvn -B -ntp package -DskipTests`");
        }
        return jar;
    }

    private static void awaitPort(String name, int port, ChildProcess process) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw process.exitedDuringStart();
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                pause(Duration.ofMillis(250));
            }
        }
        throw new IllegalStateException(name + " did not open port " + port + "; see " + process.logFile());
    }

    /** Polling interval of the start-up loops; this is a launcher waiting for other processes, not a test. */
    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public synchronized void close() {
        if (Thread.currentThread() != closeOnExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(closeOnExit);
            } catch (IllegalStateException alreadyExiting) {
                // the hook is running or about to; closing twice is harmless
            }
        }
        // All services at once: they depend on Kafka and the bench host, not on each other, and each graceful stop
        // takes seconds; one after another they made every stop (and every end-to-end test class) ~10 s longer.
        List<ChildProcess> running = new ArrayList<>(services.values());
        services.clear();
        running.stream()
                .map(process -> CompletableFuture.runAsync(process::close))
                .toList()
                .forEach(CompletableFuture::join);
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
        if (spareSimulator != null) {
            spareSimulator.close();
            spareSimulator = null;
        }
        if (mail != null) {
            mail.close();
            mail = null;
        }
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
