package io.benchline.localstack.chaos;

import io.benchline.localstack.LocalStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The campaign's faults, drawn from the seed alone (same seed, same kinds, same signups: same plan), so a failing run
 * is replayed with {@code --seed}. Kinds are dealt from reshuffled decks of the chosen kinds, so every kind comes up
 * before any repeats; services to kill are dealt the same way, so each is killed in turn. Start times are spread over
 * the first 85 % of the load and windows last seconds, so faults overlap; every window ends before the load does.
 */
final class FaultPlan {

    /**
     * Kafka session timeouts the services run with: signup-service's and operator-service's Streams set 10 s
     * ({@code session.timeout.ms} in their application.yml); the other three leave Kafka's default (45 s). A pause
     * longer than this makes the group coordinator drop the member and hand its partitions to nobody or another.
     */
    static final Map<String, Duration> SESSION_TIMEOUTS = Map.of(
            "signup-service", Duration.ofSeconds(10),
            "operator-service", Duration.ofSeconds(10),
            "provisioner-service", Duration.ofSeconds(45),
            "verifier-service", Duration.ofSeconds(45),
            "user-service", Duration.ofSeconds(45));

    /**
     * Bench subcommands the provisioner runs (the simulator's click names): to build a site, to publish one (only on
     * a host that publishes, as ChaosTests' does; run.sh's does not) and to resume one. {@code setup} took the
     * place of {@code set-admin-password} when the warm-up moved to REST, so a seed plans what it planned before.
     */
    static final List<String> PROVISIONING_COMMANDS = List.of("new-site", "execute", "setup", "enable-scheduler");

    /**
     * The ones whose hang the provisioner's command timeout ends in seconds: a full host holds every slot with them,
     * then frees it. A hung {@code new-site} is held past the signup's deadline ({@link ChaosSettings#newSiteTimeout}).
     */
    static final List<String> SHORT_COMMANDS = PROVISIONING_COMMANDS.subList(1, PROVISIONING_COMMANDS.size());

    private FaultPlan() {}

    static List<PlannedFault> of(ChaosSettings settings) {
        SplittableRandom random = new SplittableRandom(settings.seed());
        long load = settings.loadDuration().toMillis();
        long earliest = (long) (load * 0.05);
        long latest = (long) (load * 0.85);
        List<FaultKind> deck = new ArrayList<>();
        List<String> serviceDeck = new ArrayList<>();
        List<PlannedFault> plan = new ArrayList<>();
        List<FaultKind> kinds = settings.kinds().stream().sorted().toList();
        for (int i = 0; i < settings.faults(); i++) {
            if (deck.isEmpty()) {
                deck.addAll(shuffled(kinds, random));
            }
            FaultKind kind = deck.remove(0);
            List<String> targets = targets(kind, serviceDeck, random);
            long window = window(kind, targets, random);
            long start = earliest + (long) (random.nextDouble() * Math.max(1, latest - earliest));
            // Every window ends before the load does, so the run can settle; a window longer than the load starts
            // first.
            start = Math.max(0, Math.min(start, latest - window));
            double probability = switch (kind) {
                case SSH_DROP, BENCH_FAIL, SITE_5XX, SITE_SLOW -> 0.5;
                case BENCH_HANG -> 0.7;
                default -> 1.0;
            };
            int status = kind == FaultKind.SITE_5XX ? (random.nextBoolean() ? 502 : 503) : 0;
            Duration delay =
                    kind == FaultKind.SITE_SLOW ? Duration.ofMillis(1000 + random.nextInt(3000)) : Duration.ZERO;
            plan.add(new PlannedFault(
                    kind, Duration.ofMillis(start), Duration.ofMillis(window), targets, probability, status, delay));
        }
        plan.sort(Comparator.comparing(PlannedFault::start));
        return List.copyOf(plan);
    }

    /** Services (or {@code kafka}), a bench subcommand, or a site path prefix. */
    private static List<String> targets(FaultKind kind, List<String> serviceDeck, SplittableRandom random) {
        return switch (kind) {
            case KILL, PAUSE -> List.of(nextService(serviceDeck, random));
            case KILL_TWO -> {
                String first = nextService(serviceDeck, random);
                String second = nextService(serviceDeck, random);
                while (second.equals(first)) {
                    second = nextService(serviceDeck, random);
                }
                yield List.of(first, second);
            }
            case BROKER -> List.of("kafka");
            case SSH_DROP, BENCH_FAIL -> List.of(pick(PROVISIONING_COMMANDS, random));
            case BENCH_HANG -> List.of(pick(SHORT_COMMANDS, random));
            case SITE_5XX -> List.of("/api/");
            case SITE_SLOW -> List.of("/");
            case FULL_HOST -> SHORT_COMMANDS;
            case DEADLINE -> List.of("new-site");
        };
    }

    /**
     * In milliseconds: a kill's down time, a pause (past the paused service's session timeout), a rule's window (a
     * full host's too: signups queue meanwhile, then complete; the deadline fault's hung new-sites stay hung after its
     * window, until their signups have expired).
     */
    private static long window(FaultKind kind, List<String> targets, SplittableRandom random) {
        return switch (kind) {
            case KILL, KILL_TWO -> random.nextLong(3_000);
            case BROKER -> 2_000 + random.nextLong(6_000);
            case PAUSE -> SESSION_TIMEOUTS.get(targets.get(0)).toMillis() + 2_000 + random.nextLong(4_000);
            case SSH_DROP, BENCH_FAIL, BENCH_HANG, SITE_5XX, SITE_SLOW -> 5_000 + random.nextLong(15_000);
            case FULL_HOST -> 5_000 + random.nextLong(10_000);
            case DEADLINE -> 3_000 + random.nextLong(7_000);
        };
    }

    private static String nextService(List<String> deck, SplittableRandom random) {
        if (deck.isEmpty()) {
            deck.addAll(shuffled(LocalStack.services(), random));
        }
        return deck.remove(0);
    }

    private static <T> List<T> shuffled(List<T> items, SplittableRandom random) {
        List<T> copy = new ArrayList<>(items);
        for (int i = copy.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = copy.get(i);
            copy.set(i, copy.get(j));
            copy.set(j, t);
        }
        return copy;
    }

    private static <T> T pick(List<T> items, SplittableRandom random) {
        return items.get(random.nextInt(items.size()));
    }
}
