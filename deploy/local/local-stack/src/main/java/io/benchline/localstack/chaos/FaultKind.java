package io.benchline.localstack.chaos;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The kinds of fault the campaign injects, by the names {@code --faults} takes. */
public enum FaultKind {
    KILL("kill", "kill -9 of one service, started again at once (each service in turn)"),
    KILL_TWO("kill-two", "kill -9 of two services at once, both started again"),
    BROKER("broker", "kill -9 of the Kafka broker, started again after a few seconds (same data folder and port)"),
    SSH_DROP("ssh-drop", "the bench host cuts SSH connections mid-command (one bench subcommand, for a window)"),
    BENCH_FAIL("bench-fail", "one bench subcommand fails (Frappe's output, exit 1) half the time, for a window"),
    BENCH_HANG(
            "bench-hang",
            "one bench subcommand (not new-site) hangs until the provisioner's command timeout, for a window"),
    SITE_5XX("site-5xx", "the sites' REST API answers 502/503 half the time, for a window"),
    SITE_SLOW("site-slow", "the sites' REST API answers seconds late half the time, for a window"),
    PAUSE("pause", "SIGSTOP of one service for longer than its Kafka session timeout, then SIGCONT"),
    FULL_HOST("full-host", "every provisioning command but new-site hangs for a window: all slots held, signups queue"),
    DEADLINE("deadline", "new-site hangs half the time for a window, past the signup deadline: those signups expire");

    private final String cliName;
    private final String description;

    FaultKind(String cliName, String description) {
        this.cliName = cliName;
        this.description = description;
    }

    public String cliName() {
        return cliName;
    }

    public String description() {
        return description;
    }

    /** Whether the fault stops or kills a process (not a rule in the simulator). */
    boolean isProcessFault() {
        return this == KILL || this == KILL_TWO || this == BROKER || this == PAUSE;
    }

    /** {@code --faults kill,broker,...}; {@code all} (or null) for every kind. */
    public static Set<FaultKind> parse(String list) {
        if (list == null || list.isBlank() || list.strip().equals("all")) {
            return EnumSet.allOf(FaultKind.class);
        }
        Set<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
        for (String name : list.split(",")) {
            String wanted = name.strip().toLowerCase(Locale.ROOT);
            kinds.add(Arrays.stream(values())
                    .filter(k -> k.cliName.equals(wanted))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "unknown fault kind " + wanted + "; kinds: " + names(List.of(values())))));
        }
        return kinds;
    }

    static String names(List<FaultKind> kinds) {
        return kinds.stream().map(FaultKind::cliName).collect(Collectors.joining(","));
    }

    /** One line per kind, for {@code --help}. */
    public static String help(String indent) {
        return Arrays.stream(values())
                .map(k -> String.format("%s%-11s %s", indent, k.cliName, k.description))
                .collect(Collectors.joining("\n"));
    }
}
