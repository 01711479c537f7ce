package io.benchline.localstack;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code deploy/local/run.sh} runs this: starts the local stack, prints where everything is, and stops it all
 * cleanly on Ctrl-C.
 */
public final class LocalStackMain {

    /** A signup takes a few seconds: ERPNext's ~4 minutes of new-site and install-app, times 0.02. */
    private static final double BELIEVABLE_TIME_SCALE = 0.02;

    private LocalStackMain() {}

    public static void main(String[] args) throws Exception {
        boolean fresh = false;
        int benchmarkSignups = 0;
        int benchmarkConcurrency = 50;
        double timeScale = BELIEVABLE_TIME_SCALE;
        int rateLimit = 0;
        Path state = null;
        boolean secure = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fresh" -> fresh = true;
                case "--secure" -> secure = true;
                case "--real-durations" -> timeScale = 1.0;
                case "--time-scale" -> timeScale = Double.parseDouble(args[++i]);
                case "--state" -> state = Path.of(args[++i]);
                case "--benchmark" -> benchmarkSignups = Integer.parseInt(args[++i]);
                case "--concurrency" -> benchmarkConcurrency = Integer.parseInt(args[++i]);
                case "--rate-limit" -> rateLimit = Integer.parseInt(args[++i]);
                case "--help" -> {
                    System.out.println("""
                            usage: deploy/local/run.sh [--secure] [--fresh] [--real-durations | --time-scale F] [--state DIR] [--rate-limit N] [--benchmark N [--concurrency C]]
                              --secure           Kafka with TLS and SASL/SCRAM (SASL_SSL on 9092), a principal per
                                                 service and ACLs; state in deploy/local/.state-secure
                              --fresh            wipe Kafka data, keysets and SSH material first
                              --real-durations   simulate bench with real-world durations (minutes per site)
                              --time-scale F     simulated durations times F (default 0.02: seconds per site)
                              --state DIR        where data, keysets, SSH keys and logs live (default deploy/local/.state,
                                                 with --secure deploy/local/.state-secure)
                              --benchmark N      run N signups through the stack, print the figures, then stop
                              --concurrency C    signups in the pipeline at once during --benchmark (default 50)
                              --rate-limit N     N signups per minute per client, with production's other limits
                                                 (default: limits nobody reaches, so benchmarks are not throttled)""");
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
        var options = new LocalStack.Options(
                Path.of("").toAbsolutePath(),
                state,
                fresh,
                StackPorts.defaults(),
                null,
                timeScale,
                false,
                Map.of(),
                rateLimit,
                secure);
        long started = System.nanoTime();
        LocalStack stack = LocalStack.start(options);
        if (benchmarkSignups > 0) {
            System.out.printf(
                    "stack started in %.1f s; time scale %s%n", (System.nanoTime() - started) / 1e9, timeScale);
            try {
                System.out.print(new PipelineBenchmark(stack, benchmarkSignups, benchmarkConcurrency).run());
            } finally {
                stack.close();
            }
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
                  Services         provisioner :%d  verifier :%d  user :%d   (/actuator/health, /actuator/prometheus)
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
                stack.port("provisioner-service"),
                stack.port("verifier-service"),
                stack.port("user-service"),
                state.toAbsolutePath());
        // Ctrl-C ends the JVM; the stack's own shutdown hook stops every process it started.
        new CountDownLatch(1).await();
    }
}
