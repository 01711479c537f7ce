package io.benchline.localstack;

import io.benchline.simulator.FrappeSimulator;
import io.benchline.simulator.RecordedCommand;
import io.benchline.simulator.RecordedRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the bench host was asked per signup during the measured run, from the simulator's own journals: SSH commands
 * by kind and HTTP requests by method and path. On a real host each bench command is a Python start-up (the
 * simulator's default: 1.2 s for one that reaches Frappe), so a command less per signup is seconds of a cold
 * signup, where the CPU figures see only milliseconds. Standbys built during the run to replace claimed ones are
 * counted too: they are work a signup causes.
 */
final class BenchHostWork {

    private BenchHostWork() {}

    static String report(FrappeSimulator simulator, Instant from, Instant to, int signups) {
        if (signups == 0) {
            return "";
        }
        Map<String, Long> commands = count(simulator.commands(), RecordedCommand::at, c -> kind(c.argv()), from, to);
        Map<String, Long> requests =
                count(simulator.requests(), RecordedRequest::at, r -> r.method() + " " + pathKind(r.path()), from, to);
        return "bench host work per signup (the simulator's journals; " + signups + " completed signups)"
                + System.lineSeparator()
                + section("SSH commands", commands, signups)
                + section("HTTP requests", requests, signups);
    }

    private static <T> Map<String, Long> count(
            List<T> journal, Function<T, Instant> at, Function<T, String> kind, Instant from, Instant to) {
        return journal.stream()
                .filter(e -> !at.apply(e).isBefore(from) && at.apply(e).isBefore(to))
                .collect(Collectors.groupingBy(kind, TreeMap::new, Collectors.counting()));
    }

    private static String section(String title, Map<String, Long> counts, int signups) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder out =
                new StringBuilder(String.format("  %-58s %8.2f %8d%n", title, (double) total / signups, total));
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.append(String.format(
                        "    %-56s %8.2f %8d%n", e.getKey(), (double) e.getValue() / signups, e.getValue())));
        return out.toString();
    }

    /**
     * A command line's kind: bench's command (with the method for {@code execute}, the target for {@code setup}),
     * without the folder, the time limit, the site or any argument; a line that is not bench's, its first word.
     */
    static String kind(List<String> argv) {
        int start = argv.lastIndexOf("&&") + 1;
        if (argv.contains("test") && argv.contains("mv")) {
            return "test ! -e … && mv (rename a standby)";
        }
        List<String> words = argv.subList(start, argv.size());
        int i = 0;
        while (i < words.size() && isPrefix(words, i)) {
            i += words.get(i).equals("timeout") ? 3 : words.get(i).equals("env") ? 2 : 1;
        }
        if (i >= words.size()) {
            return String.join(" ", words);
        }
        if (!words.get(i).endsWith("bench")) {
            return words.get(i);
        }
        i++;
        if (i + 1 < words.size() && words.get(i).equals("--site")) {
            i += 2;
        }
        if (i >= words.size()) {
            return "bench";
        }
        String command = words.get(i);
        boolean qualified = (command.equals("execute") || command.equals("setup")) && i + 1 < words.size();
        return "bench " + (qualified ? command + " " + words.get(i + 1) : command);
    }

    /** {@code timeout --kill-after=… N}, {@code env VAR=…} and bare assignments before the command itself. */
    private static boolean isPrefix(List<String> words, int i) {
        String word = words.get(i);
        return word.equals("timeout") || word.equals("env") || word.matches("[A-Z_]+=.*");
    }

    /** A request's path without what names one record ({@code /api/resource/User/<name>} → {@code …/User/…}). */
    static String pathKind(String path) {
        String[] parts = path.split("/", -1);
        if (parts.length > 4 && path.startsWith("/api/resource/")) {
            return "/api/resource/" + parts[3] + "/…";
        }
        return path;
    }
}
