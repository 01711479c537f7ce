package io.benchline.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * {@code --profile}: every JVM of the stack runs Flight Recorder with the {@code profile} settings, one recording per
 * process in {@code <state>/jfr/<process>.jfr} (never committed; the state folder is git-ignored). Child JVMs dump
 * theirs when they exit (the stack stops them with SIGTERM); the launcher, which also runs the Frappe simulator and
 * the load driver, records itself in-process. After a benchmark, {@link #report} reads every recording.
 */
final class JfrProfiling {

    /** The launcher's own recording, named like its process in {@link LocalStack#processIds()}. */
    static final String LAUNCHER = "local-stack";

    private static final int HOT_METHODS = 10;

    private final Path folder;
    private Recording launcher;

    JfrProfiling(Path stateFolder) {
        this.folder = stateFolder.resolve("jfr");
    }

    /** The flags a child JVM starts with; called when it starts (after {@code --fresh} has wiped the state). */
    List<String> flags(String process) {
        try {
            Files.createDirectories(folder);
            Files.deleteIfExists(file(process)); // an older run's recording would pass for this one's
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of("-XX:StartFlightRecording=settings=profile,filename=" + file(process) + ",dumponexit=true");
    }

    Path file(String process) {
        String name = process.startsWith(LAUNCHER) ? LAUNCHER : process; // "local-stack + simulator"
        return folder.resolve(name.replaceAll("[^A-Za-z0-9.-]", "_") + ".jfr");
    }

    Path folder() {
        return folder;
    }

    void startLauncher() throws IOException {
        Configuration profile;
        try {
            profile = Configuration.getConfiguration("profile");
        } catch (ParseException e) {
            throw new IOException("the JDK's profile settings cannot be read", e);
        }
        Files.createDirectories(folder);
        launcher = new Recording(profile);
        launcher.setName("benchline-launcher");
        launcher.setToDisk(true);
        launcher.setDestination(file(LAUNCHER));
        launcher.setDumpOnExit(true); // without --benchmark, Ctrl-C ends the launcher
        launcher.start();
    }

    /** Stops the launcher's recording, which writes it to its file. */
    void stopLauncher() {
        if (launcher != null) {
            launcher.stop();
            launcher.close();
            launcher = null;
        }
    }

    /** Per process, its hottest methods between {@code from} and {@code to}, and where the recordings are. */
    String report(List<String> processes, Instant from, Instant to) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                "Flight Recorder (settings=profile), execution samples during the run only; recordings in %s%n",
                folder.toAbsolutePath()));
        for (String process : processes) {
            Path file = file(process);
            out.append(process)
                    .append(" (")
                    .append(file.getFileName())
                    .append(')')
                    .append(System.lineSeparator());
            if (!Files.isRegularFile(file)) {
                out.append("  no recording (the process did not exit cleanly?)").append(System.lineSeparator());
                continue;
            }
            try {
                out.append(HotMethods.of(file, from, to, HOT_METHODS).describe());
            } catch (IOException | RuntimeException e) {
                out.append("  unreadable: ").append(e.getMessage()).append(System.lineSeparator());
            }
        }
        return out.toString();
    }
}
