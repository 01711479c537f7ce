package io.benchline.localstack;

import java.nio.file.Path;
import java.time.Duration;
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
        double timeScale = BELIEVABLE_TIME_SCALE;
        Path state = Path.of("deploy/local/.state");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fresh" -> fresh = true;
                case "--real-durations" -> timeScale = 1.0;
                case "--time-scale" -> timeScale = Double.parseDouble(args[++i]);
                case "--state" -> state = Path.of(args[++i]);
                case "--help" -> {
                    System.out.println("""
                            usage: deploy/local/run.sh [--fresh] [--real-durations | --time-scale F] [--state DIR]
                              --fresh            wipe Kafka data, keysets and SSH material first
                              --real-durations   simulate bench with real-world durations (minutes per site)
                              --time-scale F     simulated durations times F (default 0.02: seconds per site)
                              --state DIR        where data, keysets, SSH keys and logs live (default deploy/local/.state)""");
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i] + "; see --help");
                    System.exit(2);
                }
            }
        }
        var options = new LocalStack.Options(
                Path.of("").toAbsolutePath(),
                state,
                fresh,
                StackPorts.defaults(),
                null,
                timeScale,
                Duration.ofMillis(500));
        long started = System.nanoTime();
        LocalStack stack = LocalStack.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("\nStopping Benchline…");
                            stack.close();
                            stopped.countDown();
                        },
                        "local-stack-stop"));
        System.out.printf(
                """

                Benchline is running (started in %.1f s).
                  Signup page      %s/
                  Signup API       %s/api/signups
                  Kafka            %s
                  Bench host (SSH) 127.0.0.1:%d   sites (HTTP) %s
                  Services         provisioner :%d  verifier :%d  user :%d   (/actuator/health, /actuator/prometheus)
                  Logs             %s/logs
                Press Ctrl-C to stop.
                """,
                (System.nanoTime() - started) / 1e9,
                stack.signupUrl(),
                stack.signupUrl(),
                stack.kafkaBootstrap(),
                stack.simulator().sshPort(),
                stack.simulator().httpBaseUrl(),
                stack.port("provisioner-service"),
                stack.port("verifier-service"),
                stack.port("user-service"),
                state.toAbsolutePath());
        stopped.await();
    }
}
