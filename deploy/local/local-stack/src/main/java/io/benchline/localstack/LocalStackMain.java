package io.benchline.localstack;

import io.benchline.localstack.chaos.ChaosCampaign;
import io.benchline.localstack.chaos.ChaosSettings;
import io.benchline.localstack.chaos.FaultKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code deploy/local/run.sh} runs this: starts the local stack, prints where everything is, and stops it all
 * cleanly on Ctrl-C.
 */
public final class LocalStackMain {

    /** A signup takes a few seconds: ERPNext's ~4 minutes of new-site and install-app, times 0.02. */
    private static final double BELIEVABLE_TIME_SCALE = 0.02;

    /**
     * The local stack keeps a standby pool unless told otherwise: production runs one, so a developer's signup takes
     * the path a customer's takes (deploy/local/README.md, "Standby pool").
     */
    private static final boolean POOL_BY_DEFAULT = true;

    /**
     * The simulator is a default bench host (bench's port-80 server hands every Host to Frappe, which picks the site
     * by its folder name; no per-site server blocks), so there is nothing to publish after a site is built or
     * claimed, as on such a real host: no {@code bench setup nginx} + reload on either path. The end-to-end tests
     * keep the provisioner's default (publish on), which the reload checks need.
     */
    private static final Map<String, String> DEFAULT_HOST = Map.of("benchline.provisioner.hosts[0].publish", "false");

    private LocalStackMain() {}

    public static void main(String[] args) throws Exception {
        boolean fresh = false;
        int benchmarkSignups = 0;
        int benchmarkConcurrency = 0;
        double arrivalRate = 0;
        int warmUpSignups = 0;
        boolean pool = POOL_BY_DEFAULT;
        boolean verifyEmail = false;
        boolean canary = false;
        boolean profile = false;
        StackPorts ports = StackPorts.defaults();
        Map<String, String> provisioner = new java.util.LinkedHashMap<>(DEFAULT_HOST);
        double timeScale = BELIEVABLE_TIME_SCALE;
        int rateLimit = 0;
        Path state = null;
        boolean secure = false;
        int chaosSignups = 0;
        Long chaosSeed = null;
        String chaosFaults = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fresh" -> fresh = true;
                case "--secure" -> secure = true;
                case "--real-durations" -> timeScale = 1.0;
                case "--time-scale" -> timeScale = Double.parseDouble(args[++i]);
                case "--state" -> state = Path.of(args[++i]);
                case "--benchmark" -> benchmarkSignups = Integer.parseInt(args[++i]);
                case "--concurrency" -> benchmarkConcurrency = Integer.parseInt(args[++i]);
                case "--arrival-rate" -> arrivalRate = Double.parseDouble(args[++i]);
                case "--warm-up" -> warmUpSignups = Integer.parseInt(args[++i]);
                case "--pool" -> pool = true;
                case "--no-pool" -> pool = false;
                case "--verify-email" -> verifyEmail = true;
                case "--canary" -> canary = true;
                case "--profile" -> profile = true;
                case "--free-ports" -> ports = StackPorts.free();
                case "--pool-size" -> {
                    // The pool's caps; its target (Little's law + safety margin) stays the provisioner's own.
                    int size = Integer.parseInt(args[++i]);
                    provisioner.put("benchline.provisioner.pool.max-per-host", Integer.toString(size));
                    provisioner.put("benchline.provisioner.pool.max-total", Integer.toString(Math.max(size, 16)));
                }
                case "--rate-limit" -> rateLimit = Integer.parseInt(args[++i]);
                case "--chaos" -> chaosSignups = Integer.parseInt(args[++i]);
                case "--seed" -> chaosSeed = Long.parseLong(args[++i]);
                case "--faults" -> chaosFaults = args[++i];
                case "--help" -> {
                    System.out.println("""
                            usage: deploy/local/run.sh [--secure] [--fresh] [--real-durations | --time-scale F] [--state DIR] [--rate-limit N]
                                                       [--pool | --no-pool] [--pool-size N] [--verify-email] [--canary] [--free-ports]
                                                       [--benchmark N [--arrival-rate R | --concurrency C] [--warm-up W]] [--profile]
                                                       [--chaos N [--seed S] [--faults LIST] [--arrival-rate R]]
                              --secure           Kafka with TLS and SASL/SCRAM (SASL_SSL on 9092), a principal per
                                                 service and ACLs; state in deploy/local/.state-secure
                              --fresh            wipe Kafka data, keysets and SSH material first
                              --real-durations   simulate bench with real-world durations (minutes per site)
                              --time-scale F     simulated durations times F (default 0.02: seconds per site)
                              --state DIR        where data, keysets, SSH keys and logs live (default deploy/local/.state,
                                                 with --secure deploy/local/.state-secure)
                              --pool             the provisioner keeps a pool of standby sites (the default)
                              --no-pool          every site is built when its signup arrives (cold)
                              --pool-size N      at most N standbys on the bench host (the provisioner's default: 4)
                              --verify-email     signup-service mails a code to verify the address (off otherwise):
                                                 GreenMail in this JVM is the SMTP server; each mail is written to
                                                 <state>/mail/*.eml, and IMAP serves it (printed at start)
                              --canary           operator-service runs the signup canary every 60 s: a tagged signup
                                                 through the public API to the hand-off, then deprovisioned through
                                                 the operator API (benchline_canary_* on :8090/actuator/prometheus)
                              --free-ports       free ports instead of the documented ones (printed; from 15000 up to the
                                                 OS's ephemeral range), e.g. for a second stack beside the first (give
                                                 it its own --state)
                              --benchmark N      run N signups through the stack, print the figures, then stop;
                                                 with --pool it first waits until the pool is warm (from empty with --fresh)
                              --arrival-rate R   during --benchmark, Poisson arrivals at R signups per second
                                                 (decimals allowed, e.g. 0.0167 for one a minute); the pool is
                                                 told to expect that rate (pool.initial-signups-per-minute)
                              --concurrency C    during --benchmark, C signups in the pipeline at once instead
                                                 (a closed loop; default when neither is given: 50)
                              --warm-up W        during --benchmark, W signups the same way first, not measured: the
                                                 figures are then the JVMs' steady state (compiled hot paths), as in a
                                                 deployment that has run for a while (default 0: from a cold start)
                              --rate-limit N     N signups per minute per client, with production's other limits
                                                 (default: limits nobody reaches, so benchmarks are not throttled)
                              --profile          every JVM of the stack runs Flight Recorder (settings=profile), one
                                                 recording per process in <state>/jfr/<process>.jfr; after
                                                 --benchmark, each process's hottest methods during the run
                              --chaos N          the chaos campaign (issue 18): N signups at a steady rate (--arrival-rate,
                                                 default 1/s) while 0.15 N seeded faults overlap (at most
                                                 max(30, 0.08 N)); then waits until
                                                 every accepted signup ended (or its deadline passed), checks the
                                                 invariants from what the system wrote, prints faults, outcomes and
                                                 invariants, and stops; exit 0 only if every invariant held. Runs with
                                                 a signup deadline of 150 s + the simulated build time and short bench
                                                 command timeouts. Use --fresh.
                              --seed S           the campaign's seed (default: random, printed; the same seed, signups
                                                 and faults replay the same plan)
                              --faults LIST      the fault kinds, comma-separated (default all):
                            %s""".formatted(FaultKind.help(" ".repeat(21))));
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i] + "; see --help");
                    System.exit(2);
                }
            }
        }
        if (state == null) {
            // Secure and plaintext brokers never share a data folder: SCRAM users exist only from format time.
            state = Path.of(secure ? "deploy/local/.state-secure" : "deploy/local/.state");
        }
        if (arrivalRate > 0) {
            // The rate the benchmark will send is the expected rate an operator configures: the pool's first target
            // follows it instead of starting at the safety margin alone (provisioner README, "Size").
            provisioner.putIfAbsent(
                    "benchline.provisioner.pool.initial-signups-per-minute", Double.toString(arrivalRate * 60));
        }
        ChaosSettings chaos = null;
        if (chaosSignups > 0 && benchmarkSignups > 0) {
            System.err.println("--chaos and --benchmark are two different runs; give one");
            System.exit(2);
        }
        if (chaosSignups > 0) {
            long seed = chaosSeed != null ? chaosSeed : new java.security.SecureRandom().nextLong() >>> 16;
            chaos = ChaosSettings.forLauncher(chaosSignups, seed, FaultKind.parse(chaosFaults), arrivalRate, timeScale);
            System.out.println("chaos seed " + seed + " (replay with --seed " + seed + ")");
            if (!fresh) {
                System.out.println("hint: --fresh is recommended for --chaos (the checker reads every topic from its"
                        + " start, earlier runs' records included)");
            }
        } else if (chaosSeed != null || chaosFaults != null) {
            System.err.println("--seed and --faults go with --chaos N");
            System.exit(2);
        }
        var options = new LocalStack.Options(
                Path.of("").toAbsolutePath(),
                state,
                fresh,
                ports,
                null,
                timeScale,
                false,
                provisioner,
                rateLimit,
                secure,
                pool,
                verifyEmail,
                canary);
        if (benchmarkSignups > 0) {
            // The machine's speed while it is idle, before and after the run: a virtual machine's varies by tens of
            // per cent from one minute to the next, and the benchmark's figures with it.
            System.out.print(MachineSpeed.describe("before the stack started"));
        }
        long started = System.nanoTime();
        JfrProfiling profiling = profile ? new JfrProfiling(state) : null;
        Map<String, Map<String, String>> serviceProperties = chaos != null ? chaos.serviceProperties() : Map.of();
        LocalStack stack = profiling == null
                ? LocalStack.start(options, serviceProperties)
                : LocalStack.start(options, serviceProperties, profiling::flags);
        if (profiling != null) {
            profiling.startLauncher();
            System.out.println("Flight Recorder on in every JVM; recordings in " + shown(profiling.folder()));
        }
        if (chaos != null) {
            System.out.printf(
                    "stack started in %.1f s; time scale %s; pool %s%n",
                    (System.nanoTime() - started) / 1e9, timeScale, pool ? "on" : "off");
            boolean held;
            try {
                held = new ChaosCampaign(stack, chaos, System.out).run().held();
            } finally {
                stack.close();
            }
            System.exit(held ? 0 : 1);
        }
        if (benchmarkSignups > 0) {
            if (arrivalRate > 0 && benchmarkConcurrency > 0) {
                System.err.println("--arrival-rate and --concurrency are two ways of sending load; give one");
                System.exit(2);
            }
            int concurrency = arrivalRate > 0 ? 0 : benchmarkConcurrency > 0 ? benchmarkConcurrency : 50;
            var load = new PipelineBenchmark.Load(benchmarkSignups, concurrency, arrivalRate, warmUpSignups);
            System.out.printf(
                    "stack started in %.1f s; time scale %s; pool %s; %s%n",
                    (System.nanoTime() - started) / 1e9, timeScale, pool ? "on" : "off", load.describe());
            var benchmark = new PipelineBenchmark(stack, load, runLimit(load, timeScale), System.out);
            List<String> processes = List.copyOf(stack.processIds().keySet());
            try {
                System.out.print(benchmark.run(warmUpLimit(timeScale)));
            } finally {
                stack.close(); // the child JVMs write their recordings as they exit
                if (profiling != null) {
                    profiling.stopLauncher();
                }
            }
            if (profiling != null && benchmark.started() != null && benchmark.ended() != null) {
                System.out.print(profiling.report(processes, benchmark.started(), benchmark.ended()));
            }
            System.out.print(MachineSpeed.describe("after the stack stopped"));
            return;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> System.out.println("\nStopping Benchline…"), "local-stack-bye"));
        System.out.printf(
                """

                Benchline is running (started in %.1f s).
                  Signup page      %s/
                  Signup API       %s/api/signups
                  Kafka            %s%s
                  Bench host (SSH) 127.0.0.1:%d   sites (HTTP) %s
                  Signup actuator  http://localhost:%d/actuator/health   (/actuator/prometheus; not on the public port)
                  Rate limit       %s
                  Standby pool     %s
                  Email            %s
                  Services         provisioner :%d  verifier :%d  user :%d   (/actuator/health, /actuator/prometheus)
                  Operator API     %s/ops/signups, /ops/tenants   (OpenAPI %s/v3/api-docs; actuator on the same port)
                  Operator tokens  %s   (ops:read ops:write, sub local-operator)
                                   %s   (ops:read, sub local-readonly)
                                   bare JWTs, valid 7 days, new at every start; e.g.
                                   curl -H @<(printf 'Authorization: Bearer %%s\\n' "$(< %s)") %s/ops/signups
                  Canary           %s
                  Logs             %s/logs
                Press Ctrl-C to stop.
                """,
                (System.nanoTime() - started) / 1e9,
                stack.signupUrl(),
                stack.signupUrl(),
                stack.kafkaBootstrap(),
                stack.secureKafka()
                        .map(k -> String.join(
                                "\n",
                                " (SASL_SSL, SCRAM-SHA-512; one principal per service, ACLs)",
                                "  Kafka admin      " + k.adminProperties()
                                        + "   (kafka-*.sh --command-config; a super user)",
                                "  Truststore       " + k.truststore() + "   (PKCS12; CA as PEM: " + k.caPem() + ")",
                                "  kcat             kcat -F " + k.adminKcatConfig() + " -L"))
                        .orElse(" (PLAINTEXT; --secure for TLS + SCRAM + ACLs)"),
                stack.simulator().sshPort(),
                stack.simulator().httpBaseUrl(),
                stack.managementPort("signup-service"),
                rateLimit > 0 ? rateLimit + " signups per minute per client" : "off (--rate-limit N to try it)",
                pool
                        ? "on (--no-pool to build every site on demand); gauges benchline_pool_* on the provisioner"
                        : "off (--pool for standby sites claimed at signup)",
                stack.mail()
                        .map(mail -> String.join(
                                "\n",
                                "verification on; mails go to GreenMail, SMTP 127.0.0.1:" + mail.smtpPort(),
                                "                   read them: each is written to "
                                        + mail.folder().toAbsolutePath() + "/*.eml",
                                "                   or IMAP 127.0.0.1:" + mail.imapPort()
                                        + ", login and password both the recipient's address"))
                        .orElse("no verification (--verify-email to mail codes to GreenMail)"),
                stack.port("provisioner-service"),
                stack.port("verifier-service"),
                stack.port("user-service"),
                stack.operatorUrl(),
                stack.operatorUrl(),
                shown(stack.operatorToken()),
                shown(stack.operatorReadOnlyToken()),
                shown(stack.operatorToken()),
                stack.operatorUrl(),
                canary
                        ? "every 60 s (benchline_canary_runs_total, benchline_canary_consecutive_failures on the operator's"
                                + " /actuator/prometheus); its signups are synthetic"
                        : "off (--canary for a tagged signup through the public API every 60 s)",
                state.toAbsolutePath());
        // Ctrl-C ends the JVM; the stack's own shutdown hook stops every process it started.
        new CountDownLatch(1).await();
    }

    /** A path as a developer would type it from the repository root: relative when it lies below, else absolute. */
    private static String shown(Path file) {
        Path here = Path.of("").toAbsolutePath();
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(here) ? here.relativize(absolute).toString() : absolute.toString();
    }

    /**
     * Long enough for the signups to arrive and the last ones to be built cold: ten minutes, plus the arrival span
     * (twice the mean, Poisson spreads), plus half an hour of simulated time at the scale.
     */
    private static Duration runLimit(PipelineBenchmark.Load load, double timeScale) {
        double arrivals = load.arrivalRate() > 0 ? 2 * load.signups() / load.arrivalRate() : 0;
        return Duration.ofMinutes(10).plusSeconds((long) (arrivals + 1800 * timeScale));
    }

    /** A pool warmed from empty builds its target on 8 slots: at real durations, several 4-minute rounds. */
    private static Duration warmUpLimit(double timeScale) {
        return Duration.ofMinutes(5).plusSeconds((long) (3600 * timeScale));
    }
}
