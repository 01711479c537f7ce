package io.benchline.localstack.chaos;

import io.benchline.simulator.FrappeSimulator;
import io.benchline.simulator.RecordedCommand;
import io.benchline.simulator.SimulatedSiteState;
import io.benchline.simulator.SiteView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The life of every site name on the bench host, from the simulator's command records: each <em>incarnation</em>
 * starts with a successful build under that name ({@code bench new-site N} that exited 0, or the standby claim's
 * {@code mv -T sites/STANDBY sites/N} that exited 0) and ends with a successful {@code drop-site N}, a rename of N
 * away, or a later successful build of N (new-site --force). An interrupted or failed new-site (exit ≠ 0, or -1: hung
 * or cut) is not a successful build. The simulator's final view of N settles the last incarnation: if N is archived
 * or gone at the end, it ended at the last drop attempt; if N is live at the end but no successful build was
 * recorded (a build whose exit status was lost), the last build attempt started it.
 */
final class SiteHistory {

    enum Start {
        NEW_SITE,
        CLAIM
    }

    /** One life of a site name; {@code endedAt} null while it lives at the end. */
    static final class Incarnation {
        final String name;
        final Instant builtAt;
        final Start start;
        Instant endedAt;
        boolean dropped;

        Incarnation(String name, Instant builtAt, Start start) {
            this.name = name;
            this.builtAt = builtAt;
            this.start = start;
        }

        boolean contains(Instant at) {
            return !at.isBefore(builtAt) && (endedAt == null || at.isBefore(endedAt));
        }

        boolean liveAtEnd() {
            return endedAt == null;
        }

        @Override
        public String toString() {
            return name + " (built " + builtAt + (start == Start.CLAIM ? " by a standby claim" : "") + ")";
        }
    }

    private enum Kind {
        BUILD,
        CLAIM_IN,
        MOVE_OUT,
        DROP
    }

    private record Step(Instant at, Kind kind, int exit) {}

    private final Map<String, List<Step>> steps = new TreeMap<>();
    private final Map<String, List<Incarnation>> incarnations = new TreeMap<>();
    private final FrappeSimulator simulator;

    private SiteHistory(FrappeSimulator simulator) {
        this.simulator = simulator;
    }

    static SiteHistory of(FrappeSimulator simulator) {
        SiteHistory history = new SiteHistory(simulator);
        simulator.commands().forEach(history::parse);
        history.steps.forEach(history::build);
        return history;
    }

    /** Every incarnation of this name, oldest first. */
    List<Incarnation> of(String name) {
        return incarnations.getOrDefault(name, List.of());
    }

    /** The incarnation of this name alive at {@code at}. */
    Optional<Incarnation> at(String name, Instant at) {
        return of(name).stream().filter(i -> i.contains(at)).findFirst();
    }

    /** When the last build or claim into this name was attempted, whatever its exit status. */
    Optional<Instant> lastBuildAttempt(String name) {
        return steps.getOrDefault(name, List.of()).stream()
                .filter(s -> s.kind() == Kind.BUILD || (s.kind() == Kind.CLAIM_IN && s.exit() == 0))
                .map(Step::at)
                .reduce((a, b) -> b);
    }

    /** The host's site of this name now, if one is there (any state but archived: a half-built site counts). */
    Optional<SiteView> liveSite(String name) {
        return simulator.site(name).filter(v -> v.state() != SimulatedSiteState.ARCHIVED);
    }

    private void parse(RecordedCommand command) {
        List<String> words = command.argv();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String next = i + 1 < words.size() ? words.get(i + 1) : null;
            if (next == null) {
                continue;
            }
            if (word.equals("new-site")) {
                add(next, new Step(command.at(), Kind.BUILD, command.exitCode()));
            } else if (word.equals("drop-site")) {
                add(next, new Step(command.at(), Kind.DROP, command.exitCode()));
            } else if (word.equals("mv")) {
                List<String> operands = words.subList(i + 1, words.size()).stream()
                        .takeWhile(w -> !w.equals("&&") && !w.equals("||") && !w.equals(";"))
                        .filter(w -> !w.startsWith("-"))
                        .toList();
                if (operands.size() == 2
                        && operands.get(0).startsWith("sites/")
                        && operands.get(1).startsWith("sites/")) {
                    String from = operands.get(0).substring("sites/".length());
                    String to = operands.get(1).substring("sites/".length());
                    add(to, new Step(command.at(), Kind.CLAIM_IN, command.exitCode()));
                    add(from, new Step(command.at(), Kind.MOVE_OUT, command.exitCode()));
                }
            }
        }
    }

    private void add(String name, Step step) {
        steps.computeIfAbsent(name, n -> new ArrayList<>()).add(step);
    }

    private void build(String name, List<Step> history) {
        List<Incarnation> lives = new ArrayList<>();
        Incarnation current = null;
        Instant lastDropAttempt = null;
        Instant lastBuildAttempt = null;
        for (Step step : history) {
            switch (step.kind()) {
                case BUILD, CLAIM_IN -> {
                    lastBuildAttempt = step.at();
                    if (step.exit() == 0) {
                        if (current != null) {
                            current.endedAt = step.at();
                        }
                        current = new Incarnation(
                                name, step.at(), step.kind() == Kind.CLAIM_IN ? Start.CLAIM : Start.NEW_SITE);
                        lives.add(current);
                    }
                }
                case MOVE_OUT -> {
                    if (step.exit() == 0 && current != null) {
                        current.endedAt = step.at();
                        current = null;
                    }
                }
                case DROP -> {
                    lastDropAttempt = step.at();
                    if (step.exit() == 0 && current != null) {
                        current.endedAt = step.at();
                        current.dropped = true;
                        current = null;
                    }
                }
            }
        }
        Optional<SiteView> now = liveSite(name);
        if (current != null && now.isEmpty()) {
            // Gone at the end although no drop was seen to succeed (a drop whose exit status was lost).
            current.endedAt = lastDropAttempt != null && lastDropAttempt.isAfter(current.builtAt)
                    ? lastDropAttempt
                    : history.get(history.size() - 1).at();
            current.dropped = true;
        } else if (current == null
                && now.filter(v -> v.state() == SimulatedSiteState.READY).isPresent()
                && lastBuildAttempt != null) {
            // Live and built at the end although no build was seen to succeed (its exit status was lost).
            lives.add(new Incarnation(name, lastBuildAttempt, Start.NEW_SITE));
        }
        incarnations.put(name, lives);
    }
}
