package io.benchline.provisioner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * deploy/bench-host/benchline-gate run as sshd runs it: a fresh Python 3 process whose {@code SSH_ORIGINAL_COMMAND}
 * is the requested line. The line reaches the gate byte for byte (base64 through a one-line launcher that sets the
 * variable and execs the gate), so newlines and non-ASCII lookalikes are tested as sent, whatever the JVM's locale.
 */
final class BenchHostGate {

    static final Path SCRIPT = Path.of("..", "deploy", "bench-host", "benchline-gate")
            .toAbsolutePath()
            .normalize();

    /** Sets SSH_ORIGINAL_COMMAND from its base64 bytes, then execs {@code python3 -I <gate> <options>}. */
    private static final String LAUNCHER = "import base64,os,sys;"
            + "os.environb[b'SSH_ORIGINAL_COMMAND']=base64.b64decode(os.environb.pop(b'GATE_LINE_BASE64'));"
            + "os.execv(sys.executable,[sys.executable,'-I']+sys.argv[1:])";

    private static final String PYTHON = python();

    private final Path config;

    private BenchHostGate(Path config) {
        this.config = config;
    }

    /** A gate configured by {@code /etc/benchline-gate.conf}'s settings, written to {@code file} (mode 0644). */
    static BenchHostGate configured(Path file, String settings) {
        try {
            Files.writeString(file, "[gate]\n" + settings);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            return new BenchHostGate(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BenchHostGate withConfigFile(Path file) {
        return new BenchHostGate(file);
    }

    /** What the gate would run for {@code line} (its {@code --dry-run}): nothing is executed. */
    Outcome dryRun(String line) {
        return run(line, List.of("--dry-run"), Map.of(), "");
    }

    /**
     * Runs the gate for real.
     *
     * @param environment added to the gate's environment (e.g. a PATH of recording stand-ins)
     */
    Outcome run(String line, Map<String, String> environment, String stdin) {
        return run(line, List.of(), environment, stdin);
    }

    private Outcome run(String line, List<String> options, Map<String, String> environment, String stdin) {
        assertThat(SCRIPT).as("the gate").isRegularFile();
        List<String> command = new ArrayList<>(List.of(PYTHON, "-I", "-c", LAUNCHER, SCRIPT.toString()));
        command.add("--config");
        command.add(config.toString());
        command.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.environment().put("SSH_CONNECTION", "192.0.2.7 50000 192.0.2.1 22");
        builder.environment().putAll(environment);
        builder.environment()
                .put("GATE_LINE_BASE64", Base64.getEncoder().encodeToString(line.getBytes(StandardCharsets.UTF_8)));
        try {
            Process process = builder.start();
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            assertThat(process.waitFor(30, TimeUnit.SECONDS))
                    .as("the gate ends")
                    .isTrue();
            return new Outcome(
                    process.exitValue(),
                    new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The interpreter's own path: pyenv-style shims need a PATH the gate's tests do not give them. */
    private static String python() {
        try {
            Process process = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").start();
            String path = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0 || path.isEmpty()) {
                throw new IllegalStateException("python3 did not say where it is");
            }
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException("python3 is needed to test the bench host gate (see .ci/run)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Outcome(int exitCode, String stdout, String stderr) {}
}
