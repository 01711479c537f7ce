package io.benchline.simulator;

import java.time.Instant;
import java.util.List;

/**
 * One exec command line the SSH server received, in order of arrival.
 *
 * @param argv the words of the line after shell quoting, {@code &&} included as a word; for a refused line,
 *     the words read before the refused character
 * @param exitCode the exit status, or -1 while it runs or when it ended without one (hung, dropped)
 */
public record RecordedCommand(Instant at, String commandLine, List<String> argv, int exitCode) {

    public RecordedCommand {
        argv = List.copyOf(argv);
    }
}
