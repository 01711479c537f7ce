package io.benchline.localstack.chaos;

import io.benchline.localstack.LocalStack;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The chaos campaign (issue 18): the signups at a steady rate while the seeded plan's faults are injected, overlapping;
 * then, with every fault undone, waits until each accepted signup has its terminal event or its deadline (plus a
 * margin) has passed and the bench host has gone quiet, and hands what the system wrote to the {@link
 * InvariantChecker}. Prints the faults by kind, the terminal outcomes by reason, the invariants, the seed, and last
 * the verdict line. Bounded in time; loopback only (the stack's own ports).
 */
public final class ChaosCampaign {

    /** After a signup's deadline and grace, the deadline sweep (every 5 s) and the TIMEOUT's way to Kafka. */
    private static final Duration DEADLINE_MARGIN = Duration.ofSeconds(30);
    /** The run has settled when the bench host ran no new command for this long (drops after failures included). */
    private static final Duration QUIET = Duration.ofSeconds(10);

    private static final Duration QUIET_LIMIT = Duration.ofSeconds(90);

    private final LocalStack stack;
    private final ChaosSettings settings;
    private final PrintStream out;
    private final AtomicInteger faultsOn = new AtomicInteger();
    private final FaultInjector injector;

    public ChaosCampaign(LocalStack stack, ChaosSettings settings, PrintStream out) {
        this.stack = stack;
        this.injector = new FaultInjector(stack);
        this.settings = settings;
        this.out = out;
    }

    /** What the run found: the accepted signups, the faults injected and the checker's verdicts. */
    public record Result(int signups, List<InjectedFault> faults, List<InvariantResult> invariants, String lastLine) {

        public boolean held() {
            return invariants.stream().allMatch(InvariantResult::held)
                    && faults.stream().allMatch(f -> f.error() == null);
        }

        /** Faults injected, by their {@code --faults} name. */
        public Map<String, Long> faultsByKind() {
            return faults.stream()
                    .collect(Collectors.groupingBy(
                            f -> f.planned().kind().cliName(), TreeMap::new, Collectors.counting()));
        }
    }

    public Result run() throws InterruptedException {
        List<PlannedFault> plan = FaultPlan.of(settings).stream()
                .filter(f -> f.kind() != FaultKind.BROKER || stack.ownsBroker())
                .toList();
        out.printf(
                "chaos: %d signups at %.2f/s, seed %d, %d faults (%s), signup deadline %d s%n",
                settings.signups(),
                settings.rate(),
                settings.seed(),
                plan.size(),
                FaultKind.names(settings.kinds().stream().sorted().toList()),
                settings.deadline().toSeconds());
        plan.forEach(f -> out.printf(
                "  planned at +%5.1f s  %-10s %s%n",
                f.start().toMillis() / 1e3, f.kind().cliName(), f.describe()));
        SignupLoad load = new SignupLoad(stack.signupUrl(), settings.rate());
        List<InjectedFault> injected = Collections.synchronizedList(new ArrayList<>());
        try (TerminalEventsFollower terminal = new TerminalEventsFollower(stack.kafkaAdminConfig())) {
            Instant loadStart = Instant.now();
            ExecutorService faults = Executors.newCachedThreadPool(daemon());
            List<Future<?>> running = new ArrayList<>();
            Thread scheduler =
                    new Thread(() -> schedule(plan, loadStart, faults, running, injected), "chaos-fault-scheduler");
            scheduler.setDaemon(true);
            scheduler.start();
            String run = Long.toString(System.currentTimeMillis() % 60_466_176L, 36); // 5 base-36 digits
            load.send(settings.signups(), run, () -> faultsOn.get() > 0);
            scheduler.join();
            for (Future<?> fault : running) {
                try {
                    fault.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a fault's thread failed", e.getCause());
                }
            }
            faults.shutdown();
            out.printf(
                    "load and faults done after %.1f s; waiting for every accepted signup's terminal event or deadline%n",
                    Duration.between(loadStart, Instant.now()).toMillis() / 1e3);
            List<AcceptedSignup> accepted = load.accepted();
            settle(accepted, terminal);
            out.print(faultsTable(injected));
            out.print(outcomesTable(accepted, terminal, load));
            ChaosEvidence evidence =
                    new ChaosEvidence(stack.kafkaAdminConfig(), stack.simulator(), stack.logsFolder(), accepted);
            List<InvariantResult> invariants = new InvariantChecker(evidence).check();
            out.print(invariantsTable(invariants));
            return verdict(accepted.size(), List.copyOf(injected), invariants);
        }
    }

    private void schedule(
            List<PlannedFault> plan,
            Instant loadStart,
            ExecutorService faults,
            List<Future<?>> running,
            List<InjectedFault> injected) {
        for (PlannedFault fault : plan) {
            long wait = Duration.between(Instant.now(), loadStart.plus(fault.start()))
                    .toMillis();
            try {
                if (wait > 0) {
                    Thread.sleep(wait); // the plan's start time
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            synchronized (running) {
                running.add(faults.submit(() -> {
                    faultsOn.incrementAndGet();
                    try {
                        InjectedFault done = injector.inject(fault);
                        injected.add(done);
                        out.printf(
                                "  fault %-10s %s: %.1f s%s%n",
                                fault.kind().cliName(),
                                fault.describe(),
                                done.duration().toMillis() / 1e3,
                                done.error() == null ? "" : " ERROR " + done.error());
                    } finally {
                        faultsOn.decrementAndGet();
                    }
                    return null;
                }));
            }
        }
    }

    /**
     * Until every accepted signup has a terminal event, or its deadline, grace and margin have passed; then until the
     * bench host has run no new command for {@link #QUIET} (a failed signup's site is dropped after its event).
     */
    private void settle(List<AcceptedSignup> accepted, TerminalEventsFollower terminal) throws InterruptedException {
        Duration patience =
                settings.deadline().plus(ChaosSettings.DEADLINE_GRACE).plus(DEADLINE_MARGIN);
        while (true) {
            Instant now = Instant.now();
            long open = accepted.stream()
                    .filter(s -> !terminal.ended(s.tenantId()))
                    .filter(s -> now.isBefore(s.acceptedAt().plus(patience)))
                    .count();
            if (open == 0) {
                break;
            }
            Thread.sleep(500); // polling the reader's view of the terminal topics
        }
        long quietSince = System.nanoTime();
        long limit = System.nanoTime() + QUIET_LIMIT.toNanos();
        int commands = stack.simulator().commands().size();
        while (System.nanoTime() - quietSince < QUIET.toNanos() && System.nanoTime() < limit) {
            Thread.sleep(500);
            int now = stack.simulator().commands().size();
            if (now != commands) {
                commands = now;
                quietSince = System.nanoTime();
            }
        }
    }

    private static String faultsTable(List<InjectedFault> injected) {
        Map<FaultKind, long[]> byKind = new EnumMap<>(FaultKind.class);
        for (InjectedFault fault : injected) {
            long[] sums = byKind.computeIfAbsent(fault.planned().kind(), k -> new long[2]);
            sums[0]++;
            sums[1] += fault.duration().toMillis();
        }
        StringBuilder table =
                new StringBuilder(String.format("%nfaults by kind%n%-12s %6s %10s%n", "kind", "count", "total s"));
        byKind.forEach((kind, sums) ->
                table.append(String.format("%-12s %6d %10.1f%n", kind.cliName(), sums[0], sums[1] / 1e3)));
        table.append(String.format(
                "%-12s %6d %10.1f%n",
                "all",
                injected.size(),
                injected.stream().mapToLong(f -> f.duration().toMillis()).sum() / 1e3));
        injected.stream()
                .filter(f -> f.error() != null)
                .forEach(f -> table.append("fault not undone: ")
                        .append(f.planned().describe())
                        .append(": ")
                        .append(f.error())
                        .append(System.lineSeparator()));
        return table.toString();
    }

    /**
     * Each accepted signup by its first terminal event as the driver read it ({@code completed}, {@code failed
     * STAGE/REASON}, or none by the end); extra terminal events are counted for the reader, judged by the checker.
     */
    private static String outcomesTable(
            List<AcceptedSignup> accepted, TerminalEventsFollower terminal, SignupLoad load) {
        Map<String, Integer> byReason = new TreeMap<>();
        int extra = 0;
        for (AcceptedSignup signup : accepted) {
            List<String> outcomes = terminal.outcomes(signup.tenantId());
            byReason.merge(outcomes.isEmpty() ? "no terminal event" : outcomes.get(0), 1, Integer::sum);
            extra += Math.max(0, outcomes.size() - 1);
        }
        StringBuilder table = new StringBuilder(
                String.format("%nterminal outcomes by reason (%d accepted signups)%n", accepted.size()));
        byReason.forEach((reason, count) -> table.append(String.format("%-40s %6d%n", reason, count)));
        table.append(String.format("%-40s %6d%n", "terminal events beyond the first", extra));
        accepted.stream()
                .filter(signup -> terminal.outcomes(signup.tenantId()).size() > 1)
                .limit(10)
                .forEach(signup -> table.append(String.format(
                        "  more than one: %s %s %s%n",
                        signup.tenantId(), signup.subdomain(), terminal.outcomes(signup.tenantId()))));
        table.append(String.format(
                "refused POSTs (not accepted; a POST unanswered in 15 s may still have been taken, then the checker does"
                        + " not know it): %s; of them with no fault on: %s%n",
                load.refused().isEmpty() ? "none" : new TreeMap<>(load.refused()),
                load.refusedWithoutFault().isEmpty() ? "none" : new TreeMap<>(load.refusedWithoutFault())));
        return table.toString();
    }

    private static String invariantsTable(List<InvariantResult> invariants) {
        StringBuilder table = new StringBuilder(String.format(
                "%ninvariants%n%-26s %8s %-9s %s%n", "invariant", "checked", "verdict", "first violations"));
        for (InvariantResult result : invariants) {
            table.append(String.format(
                    "%-26s %8d %-9s %s%n",
                    result.name(),
                    result.checked(),
                    result.held() ? "held" : "VIOLATED",
                    result.violations().stream().limit(3).collect(Collectors.joining("; "))));
        }
        return table.toString();
    }

    private Result verdict(int signups, List<InjectedFault> faults, List<InvariantResult> invariants) {
        List<String> violated = invariants.stream()
                .filter(r -> !r.held())
                .map(InvariantResult::name)
                .collect(Collectors.toCollection(ArrayList::new));
        if (faults.stream().anyMatch(f -> f.error() != null)) {
            violated.add("faults-undone"); // the stack was not whole again, so the invariants were not judged fairly
        }
        out.printf(
                "%nseed %d (replay: --chaos %d --seed %d --arrival-rate %s --faults %s, with the same --time-scale and"
                        + " pool setting)%n",
                settings.seed(),
                settings.signups(),
                settings.seed(),
                settings.rate(),
                FaultKind.names(settings.kinds().stream().sorted().toList()));
        String last = violated.isEmpty()
                ? String.format("chaos: %d signups, %d faults, invariants held", signups, faults.size())
                : String.format(
                        "chaos: %d signups, %d faults, invariants VIOLATED: %s",
                        signups, faults.size(), String.join(", ", violated));
        out.println(last);
        return new Result(signups, faults, invariants, last);
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return runnable -> {
            Thread thread = new Thread(runnable, "chaos-fault");
            thread.setDaemon(true);
            return thread;
        };
    }
}
