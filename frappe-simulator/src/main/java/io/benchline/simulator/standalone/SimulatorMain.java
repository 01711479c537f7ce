package io.benchline.simulator.standalone;

import io.benchline.simulator.FrappeSimulator;
import io.benchline.simulator.HostMisconfiguration;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar frappe-simulator.jar [options]}: a bench host for the local stack and for manual tries. */
public final class SimulatorMain {

    private static final Map<String, String> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("--bind", "ADDRESS    address to listen on (default 127.0.0.1)");
        OPTIONS.put("--ssh-port", "N      SSH port (default 2222, 0 = any free port)");
        OPTIONS.put("--http-port", "N     HTTP port of the sites (default 8000, 0 = any free port)");
        OPTIONS.put("--authorized-keys", "FILE  OpenSSH authorized_keys for user frappe (default ./authorized_keys)");
        OPTIONS.put("--host-key", "FILE   host key, made on first start (default ./frappe-simulator-host-key)");
        OPTIONS.put("--time-scale", "F    real-world durations times F: 0 instant, 1 real (default 0.05)");
        OPTIONS.put("--routing-delay-ms", "N  with --per-site-tls, new names answer N ms after a reload (default 0)");
        OPTIONS.put("--per-site-tls", "true|false  names answer only after setup nginx + reload (default false)");
        OPTIONS.put(
                "--misconfigure",
                "A,B   start misconfigured: "
                        + String.join(
                                ",",
                                java.util.Arrays.stream(HostMisconfiguration.values())
                                        .map(Enum::name)
                                        .toList())
                        + " (default none)");
        OPTIONS.put("--bench-folder", "P  bench folder (default /home/frappe/frappe-bench)");
        OPTIONS.put("--login-folder-is-bench", "true|false  log in to the bench folder (default true)");
        OPTIONS.put("--seed", "N          seed for probabilistic faults (default 42)");
        OPTIONS.put("--help", "           this text");
    }

    public static void main(String[] args) throws InterruptedException {
        // Before the first logger exists, so the quiet configuration applies to the whole run.
        System.setProperty("logback.configurationFile", "frappe-simulator-logback.xml");
        Map<String, String> options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        if (options.containsKey("--help")) {
            usage(System.out);
            return;
        }
        Path authorizedKeys = Path.of(options.getOrDefault("--authorized-keys", "authorized_keys"));
        if (!Files.isRegularFile(authorizedKeys)) {
            System.err.println("warning: " + authorizedKeys + " does not exist yet; nobody can log in until it does");
        }
        HostMisconfiguration[] modes;
        try {
            modes = misconfigurations(options.getOrDefault("--misconfigure", ""));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        FrappeSimulator simulator = FrappeSimulator.builder()
                .misconfigure(modes)
                .perSiteTls(Boolean.parseBoolean(options.getOrDefault("--per-site-tls", "false")))
                .bindAddress(options.getOrDefault("--bind", "127.0.0.1"))
                .sshPort(Integer.parseInt(options.getOrDefault("--ssh-port", "2222")))
                .httpPort(Integer.parseInt(options.getOrDefault("--http-port", "8000")))
                .authorizedKeys(authorizedKeys)
                .hostKeyFile(Path.of(options.getOrDefault("--host-key", "frappe-simulator-host-key")))
                .timeScale(Double.parseDouble(options.getOrDefault("--time-scale", "0.05")))
                .routingDelay(Duration.ofMillis(Long.parseLong(options.getOrDefault("--routing-delay-ms", "0"))))
                .benchFolder(options.getOrDefault("--bench-folder", "/home/frappe/frappe-bench"))
                .loginFolderIsBench(Boolean.parseBoolean(options.getOrDefault("--login-folder-is-bench", "true")))
                .seed(Long.parseLong(options.getOrDefault("--seed", "42")))
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }));
        System.out.println("Frappe simulator up");
        System.out.println("  ssh    frappe@" + simulator.host() + " -p " + simulator.sshPort());
        System.out.println("  http   " + simulator.httpBaseUrl() + "  (nginx: site by Host)");
        System.out.println(
                "  direct " + simulator.gunicornBaseUrl() + "  (gunicorn: site by X-Frappe-Site-Name or Host)");
        if (modes.length > 0) {
            System.out.println("  misconfigured: " + java.util.Arrays.toString(modes));
        }
        System.out.println("  admin  " + simulator.httpBaseUrl() + "/_simulator/{commands,requests,faults,sites/NAME}");
        System.out.println("  known_hosts line:");
        System.out.println(simulator.knownHostsLine());
        stopped.await();
    }

    static HostMisconfiguration[] misconfigurations(String list) {
        if (list.isBlank()) {
            return new HostMisconfiguration[0];
        }
        try {
            return java.util.Arrays.stream(list.split(","))
                    .map(String::strip)
                    .map(HostMisconfiguration::valueOf)
                    .toArray(HostMisconfiguration[]::new);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--misconfigure takes a comma-separated list of "
                    + java.util.Arrays.toString(HostMisconfiguration.values()));
        }
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!OPTIONS.containsKey(name)) {
                throw new IllegalArgumentException("unknown option " + name);
            }
            if (name.equals("--help")) {
                options.put(name, "");
            } else if (i + 1 < args.length) {
                options.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException(name + " needs a value");
            }
        }
        return options;
    }

    private static void usage(PrintStream out) {
        out.println("Usage: java -jar frappe-simulator.jar [options]");
        OPTIONS.forEach((name, help) -> out.println("  " + name + " " + help));
    }

    private SimulatorMain() {}
}
