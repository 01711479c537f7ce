package io.benchline.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A JVM the stack started, with its output in a log file; stopped with SIGTERM so it shuts down cleanly. */
final class ChildProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);
    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(20);
    /** Enough for Spring Boot's "APPLICATION FAILED TO START" report, which ends a failed start's log. */
    private static final int LOG_TAIL_LINES = 40;

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path logFile;
    private Process process;

    ChildProcess(String name, List<String> command, Map<String, String> environment, Path logFile) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.logFile = logFile;
    }

    ChildProcess start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        process = builder.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        log.info("started {} (pid {}), log {}", name, process.pid(), logFile);
        return this;
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /**
     * The error for a process that died before it was ready, with the end of its log in the message: on a CI machine
     * the log folder is gone by the time anyone reads the build's output, so the cause has to travel with the error.
     */
    IllegalStateException exitedDuringStart() {
        String tail;
        try {
            // decoded leniently: a log is text, but a crash can leave a partial character at its end
            List<String> lines = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            tail = String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            tail = "(cannot read it: " + e + ")";
        }
        return new IllegalStateException(name + " exited during start (exit code " + process.exitValue()
                + "); the end of " + logFile + ":\n" + tail);
    }

    /** kill -9: no shutdown hook, no graceful leave from Kafka groups, nothing flushed; as a crashed host. */
    void kill() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroyForcibly(); // SIGKILL on Linux
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
        log.info("killed {} (kill -9)", name);
    }

    /**
     * Sends a signal through {@code kill -<signal> <pid>} (Process has only TERM and KILL), e.g. STOP to freeze the
     * JVM past its Kafka session timeout, CONT to let it run again.
     */
    void signal(String signal) {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + name + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill -" + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + name, e);
        }
        log.info("sent SIG{} to {} (pid {})", signal, name, process.pid());
    }

    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy(); // SIGTERM: Spring and Kafka shut down gracefully
        try {
            if (!process.waitFor(GRACEFUL_STOP.toSeconds(), TimeUnit.SECONDS)) {
                log.warn("{} did not stop within {} s; killing it", name, GRACEFUL_STOP.toSeconds());
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        log.info("stopped {}", name);
    }
}
