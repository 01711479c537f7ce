package io.benchline.simulator.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * A command line split the way {@code sh -c} would split it: single quotes, double quotes and backslash
 * escapes make one word, {@code &&} chains commands. Every other shell feature (pipes, {@code ;},
 * redirections, substitutions, background jobs, comments) refuses the whole line, so a line carrying
 * injected syntax never runs any part of it.
 */
public final class ShellLine {

    private static final String REFUSED_METACHARACTERS = ";|<>()`\n\r";

    private final List<String> words;
    private final List<List<String>> commands;
    private final String refusal;

    private ShellLine(List<String> words, List<List<String>> commands, String refusal) {
        this.words = List.copyOf(words);
        this.commands = commands.stream().map(List::copyOf).toList();
        this.refusal = refusal;
    }

    /**
     * @param home what a leading {@code ~} expands to
     */
    public static ShellLine parse(String line, String home) {
        List<String> words = new ArrayList<>();
        List<List<String>> commands = new ArrayList<>();
        List<String> segment = new ArrayList<>();
        StringBuilder word = null;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                word = finish(word, words, segment);
                i++;
            } else if (c == '&') {
                if (i + 1 < n && line.charAt(i + 1) == '&') {
                    word = finish(word, words, segment);
                    if (segment.isEmpty()) {
                        return refused(words, "Syntax error: \"&&\" unexpected");
                    }
                    commands.add(segment);
                    segment = new ArrayList<>();
                    words.add("&&");
                    i += 2;
                } else {
                    return refusedMetacharacter(words, "&");
                }
            } else if (REFUSED_METACHARACTERS.indexOf(c) >= 0 || c == '$') {
                return refusedMetacharacter(words, c == '\n' ? "\\n" : c == '\r' ? "\\r" : String.valueOf(c));
            } else if (c == '#' && word == null) {
                return refusedMetacharacter(words, "#");
            } else if (c == '~' && word == null && (i + 1 == n || " \t/".indexOf(line.charAt(i + 1)) >= 0)) {
                word = new StringBuilder(home);
                i++;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    return refused(words, "Syntax error: Unterminated quoted string");
                }
                word = word == null ? new StringBuilder() : word;
                word.append(line, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                word = word == null ? new StringBuilder() : word;
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = line.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < n && "$`\"\\".indexOf(line.charAt(i + 1)) >= 0) {
                        word.append(line.charAt(i + 1));
                        i += 2;
                    } else if (d == '$' || d == '`') {
                        // Inside double quotes these still expand in sh: refuse rather than pass them on.
                        return refusedMetacharacter(words, String.valueOf(d));
                    } else {
                        word.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    return refused(words, "Syntax error: Unterminated quoted string");
                }
            } else if (c == '\\') {
                word = word == null ? new StringBuilder() : word;
                if (i + 1 < n) {
                    char escaped = line.charAt(i + 1);
                    if (escaped == '\n') {
                        return refusedMetacharacter(words, "\\n");
                    }
                    word.append(escaped);
                    i += 2;
                } else {
                    word.append('\\');
                    i++;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
                i++;
            }
        }
        finish(word, words, segment);
        if (segment.isEmpty() && !commands.isEmpty()) {
            return refused(words, "Syntax error: end of file unexpected");
        }
        if (!segment.isEmpty()) {
            commands.add(segment);
        }
        return new ShellLine(words, commands, null);
    }

    private static StringBuilder finish(StringBuilder word, List<String> words, List<String> segment) {
        if (word != null) {
            words.add(word.toString());
            segment.add(word.toString());
        }
        return null;
    }

    private static ShellLine refused(List<String> words, String message) {
        return new ShellLine(words, List.of(), "sh: 1: " + message);
    }

    private static ShellLine refusedMetacharacter(List<String> words, String metacharacter) {
        return refused(
                words,
                "refusing shell metacharacter '" + metacharacter
                        + "': only 'cd DIR && command' lines are simulated; nothing was executed");
    }

    /** All words in order, with {@code &&} as its own word; what the command record shows. */
    public List<String> words() {
        return words;
    }

    /** The simple commands joined by {@code &&}; empty when the line was refused. */
    public List<List<String>> commands() {
        return commands;
    }

    public boolean refused() {
        return refusal != null;
    }

    /** The shell's error for a refused line, for stderr. */
    public String refusal() {
        return refusal;
    }
}
