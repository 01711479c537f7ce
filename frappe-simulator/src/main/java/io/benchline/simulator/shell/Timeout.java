package io.benchline.simulator.shell;

import io.benchline.simulator.bench.CommandAborted;
import io.benchline.simulator.bench.Terminal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * coreutils {@code timeout [--kill-after=DUR] [--signal=SIG] DUR COMMAND…}: runs the command and, if it has not
 * ended after DUR of REAL time (the simulator's time scale does not apply), kills it and exits 124. The kill
 * interrupts the command where it is, so a new-site killed this way leaves a half-built site behind.
 */
final class Timeout {

    static final int TIMED_OUT = 124;
    private static final int TIMEOUT_FAILED = 125;
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)([smhd]?)");

    private static final ScheduledExecutorService ALARMS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulated-timeout");
        t.setDaemon(true);
        return t;
    });

    private final Terminal terminal;

    Timeout(Terminal terminal) {
        this.terminal = terminal;
    }

    int run(List<String> args, ShellInterpreter.Launch launch) throws InterruptedException {
        int i = 0;
        while (i < args.size() && args.get(i).startsWith("-")) {
            String option = args.get(i);
            if (option.startsWith("--kill-after=")) {
                if (parse(option.substring("--kill-after=".length())) == null) {
                    return invalidInterval(option.substring("--kill-after=".length()));
                }
                i++;
            } else if (option.equals("-k") || option.equals("-s")) {
                if (option.equals("-k") && (i + 1 >= args.size() || parse(args.get(i + 1)) == null)) {
                    return invalidInterval(i + 1 < args.size() ? args.get(i + 1) : "");
                }
                i += 2;
            } else if (option.startsWith("--signal=")
                    || option.equals("--preserve-status")
                    || option.equals("--foreground")
                    || option.equals("-v")
                    || option.equals("--verbose")) {
                i++;
            } else {
                terminal.err()
                        .print("timeout: unrecognized option '" + option + "'\n"
                                + "Try 'timeout --help' for more information.\n");
                return TIMEOUT_FAILED;
            }
        }
        if (i + 1 >= args.size()) {
            terminal.err().print("timeout: missing operand\nTry 'timeout --help' for more information.\n");
            return TIMEOUT_FAILED;
        }
        Duration limit = parse(args.get(i));
        if (limit == null) {
            return invalidInterval(args.get(i));
        }
        List<String> command = args.subList(i + 1, args.size());
        if (limit.isZero()) {
            return launch.run(command, "timeout");
        }
        return runWithin(limit, command, launch);
    }

    private int runWithin(Duration limit, List<String> command, ShellInterpreter.Launch launch)
            throws InterruptedException {
        Thread worker = Thread.currentThread();
        Object lock = new Object();
        boolean[] state = {true, false}; // running, killed
        ScheduledFuture<?> alarm = ALARMS.schedule(
                () -> {
                    synchronized (lock) {
                        if (state[0]) {
                            state[1] = true;
                            worker.interrupt();
                        }
                    }
                },
                limit.toNanos(),
                TimeUnit.NANOSECONDS);
        int exit;
        try {
            exit = launch.run(command, "timeout");
        } catch (InterruptedException | CommandAborted e) {
            synchronized (lock) {
                if (!state[1]) {
                    throw e;
                }
            }
            exit = TIMED_OUT;
        } finally {
            alarm.cancel(false);
            synchronized (lock) {
                state[0] = false;
            }
        }
        synchronized (lock) {
            if (state[1]) {
                // The kill may land just as the command ends; either way timeout reports it.
                Thread.interrupted();
                return TIMED_OUT;
            }
        }
        return exit;
    }

    private int invalidInterval(String text) {
        terminal.err()
                .print("timeout: invalid time interval '" + text + "'\nTry 'timeout --help' for more information.\n");
        return TIMEOUT_FAILED;
    }

    /** {@code 1200}, {@code 1200s}, {@code 30s}, {@code 2m}, {@code 1.5h}, {@code 1d}; null when malformed. */
    static Duration parse(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            return null;
        }
        double value = Double.parseDouble(m.group(1));
        double seconds = switch (m.group(2)) {
            case "m" -> value * 60;
            case "h" -> value * 3600;
            case "d" -> value * 86400;
            default -> value;
        };
        return Duration.ofNanos((long) (seconds * 1e9));
    }
}
