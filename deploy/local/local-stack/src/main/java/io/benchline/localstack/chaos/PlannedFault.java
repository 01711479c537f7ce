package io.benchline.localstack.chaos;

import java.time.Duration;
import java.util.List;

/**
 * One fault of the plan: its kind, when it starts (from the first signup), how long it lasts (for a kill: how long
 * the process stays down before it is started again; the fault then lasts until it is ready), what it targets
 * (services, {@code kafka}, or a bench subcommand / site path) and, for the simulator's rules, a probability, an HTTP
 * status or a delay.
 */
record PlannedFault(
        FaultKind kind,
        Duration start,
        Duration window,
        List<String> targets,
        double probability,
        int status,
        Duration delay) {

    PlannedFault {
        targets = List.copyOf(targets);
    }

    /** The processes it stops or kills (reserved while it runs, so two faults never act on one process at once). */
    List<String> processes() {
        return kind.isProcessFault() ? targets : List.of();
    }

    String describe() {
        String what = switch (kind) {
            case KILL, KILL_TWO ->
                "kill -9 " + String.join(" + ", targets) + ", down " + seconds(window) + " s, then restart";
            case BROKER -> "kill -9 kafka, down " + seconds(window) + " s, then restart";
            case PAUSE -> "SIGSTOP " + targets.get(0) + " for " + seconds(window) + " s";
            case SSH_DROP -> "drop SSH during " + targets.get(0) + " p=" + probability;
            case BENCH_FAIL -> "fail " + targets.get(0) + " p=" + probability;
            case BENCH_HANG -> "hang " + targets.get(0) + " p=" + probability;
            case SITE_5XX -> "site " + targets.get(0) + " -> " + status + " p=" + probability;
            case SITE_SLOW -> "site " + targets.get(0) + " +" + delay.toMillis() + " ms p=" + probability;
            case FULL_HOST, DEADLINE -> "hang " + String.join(", ", targets);
        };
        boolean windowed = !kind.isProcessFault();
        return what + (windowed ? " for " + seconds(window) + " s" : "");
    }

    private static String seconds(Duration d) {
        return String.format("%.1f", d.toMillis() / 1e3);
    }
}
