package io.benchline.simulator.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses a subcommand's arguments with click's rules: options anywhere, {@code --opt=value}, {@code --}
 * ends options, unknown options and missing arguments are usage errors (exit 2).
 */
final class ClickArgs {

    /** A click usage error: printed to stderr under the usage line, exit 2. */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param arguments positional argument names, as click prints them (SITE, METHOD)
     * @param requiredArguments how many of them must be given
     * @param variadicLast whether the last argument takes all remaining words ({@code nargs=-1})
     */
    record Spec(
            String name,
            List<String> arguments,
            int requiredArguments,
            boolean variadicLast,
            Set<String> valueOptions,
            Set<String> flags,
            Map<String, String> shortNames) {

        String usage() {
            StringBuilder usage = new StringBuilder("Usage: bench " + name + " [OPTIONS]");
            for (int i = 0; i < arguments.size(); i++) {
                String arg = arguments.get(i) + (variadicLast && i == arguments.size() - 1 ? "..." : "");
                usage.append(' ').append(i < requiredArguments ? arg : "[" + arg + "]");
            }
            return usage.toString();
        }

        String usageError(String message) {
            return usage() + "\nTry 'bench " + name + " --help' for help.\n\nError: " + message + "\n";
        }
    }

    private final List<String> positional;
    private final Map<String, List<String>> options;
    private final Set<String> flags;

    private ClickArgs(List<String> positional, Map<String, List<String>> options, Set<String> flags) {
        this.positional = positional;
        this.options = options;
        this.flags = flags;
    }

    static ClickArgs parse(Spec spec, List<String> words) {
        List<String> positional = new ArrayList<>();
        Map<String, List<String>> options = new LinkedHashMap<>();
        Set<String> flags = new HashSet<>();
        boolean onlyArguments = false;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (onlyArguments || !word.startsWith("-") || word.equals("-")) {
                positional.add(word);
                continue;
            }
            if (word.equals("--")) {
                onlyArguments = true;
                continue;
            }
            String name = word;
            String inlineValue = null;
            int eq = word.indexOf('=');
            if (word.startsWith("--") && eq > 0) {
                name = word.substring(0, eq);
                inlineValue = word.substring(eq + 1);
            }
            name = spec.shortNames().getOrDefault(name, name);
            if (spec.flags().contains(name)) {
                flags.add(name);
            } else if (spec.valueOptions().contains(name)) {
                String value = inlineValue;
                if (value == null) {
                    if (i + 1 >= words.size()) {
                        throw new UsageError("Option '" + name + "' requires an argument.");
                    }
                    value = words.get(++i);
                }
                options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new UsageError("No such option: " + name);
            }
        }
        int fixed = spec.variadicLast()
                ? spec.arguments().size() - 1
                : spec.arguments().size();
        if (!spec.variadicLast() && positional.size() > fixed) {
            throw new UsageError("Got unexpected extra argument (" + positional.get(fixed) + ")");
        }
        if (positional.size() < spec.requiredArguments()) {
            String missing = spec.arguments().get(positional.size());
            throw new UsageError("Missing argument '" + missing + "'." + choices(missing));
        }
        return new ClickArgs(List.copyOf(positional), options, flags);
    }

    /** click 8.1 {@code Choice.get_missing_message}: a {@code {a|b}} argument lists its choices, one per line. */
    private static String choices(String argument) {
        if (!argument.startsWith("{") || !argument.endsWith("}")) {
            return "";
        }
        return " Choose from:\n\t"
                + String.join(
                        ",\n\t", argument.substring(1, argument.length() - 1).split("\\|"));
    }

    static Spec spec(String name, List<String> arguments, int required, Set<String> valueOptions, Set<String> flags) {
        return new Spec(name, arguments, required, false, valueOptions, flags, Map.of());
    }

    static Spec spec(
            String name,
            List<String> arguments,
            int required,
            Set<String> valueOptions,
            Set<String> flags,
            Map<String, String> shortNames) {
        return new Spec(name, arguments, required, false, valueOptions, flags, new HashMap<>(shortNames));
    }

    List<String> arguments() {
        return positional;
    }

    Optional<String> argument(int index) {
        return index < positional.size() ? Optional.of(positional.get(index)) : Optional.empty();
    }

    Optional<String> option(String name) {
        List<String> values = options.get(name);
        return values == null ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    List<String> options(String name) {
        return options.getOrDefault(name, List.of());
    }

    boolean flag(String name) {
        return flags.contains(name);
    }
}
