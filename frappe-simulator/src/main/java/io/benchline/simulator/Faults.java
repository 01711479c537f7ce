package io.benchline.simulator;

import io.benchline.simulator.bench.CommandFault;
import io.benchline.simulator.rest.RequestFault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Faults to inject into bench commands and site requests. Each rule counts the calls it matches from the
 * moment it is added; probabilities draw from a random stream seeded by the simulator's seed and the rule,
 * so a given seed gives the same faults on every run. The first rule that fires wins.
 */
public final class Faults {

    private enum Action {
        FAIL_COMMAND,
        HANG_COMMAND,
        DROP_CONNECTION,
        FAIL_REQUEST,
        DELAY_REQUEST,
        HANG_REQUEST
    }

    private static final class Rule {
        final Action action;
        final String target;
        final FailurePlan plan;
        final int status;
        final Duration delay;
        final SplittableRandom random;
        final long id;
        int calls;

        Rule(
                long id,
                Action action,
                String target,
                FailurePlan plan,
                int status,
                Duration delay,
                SplittableRandom random) {
            this.id = id;
            this.action = action;
            this.target = target;
            this.plan = plan;
            this.status = status;
            this.delay = delay;
            this.random = random;
        }

        boolean isCommand() {
            return action == Action.FAIL_COMMAND || action == Action.HANG_COMMAND || action == Action.DROP_CONNECTION;
        }

        String describe() {
            return action.name().toLowerCase(java.util.Locale.ROOT) + " " + target + " " + plan
                    + (action == Action.FAIL_REQUEST ? " status=" + status : "")
                    + (action == Action.DELAY_REQUEST ? " delay=" + delay.toMillis() + "ms" : "")
                    + " calls=" + calls;
        }
    }

    private final long seed;
    private final List<Rule> rules = new ArrayList<>();
    private long added;

    Faults(long seed) {
        this.seed = seed;
    }

    /**
     * Makes a bench subcommand fail with Frappe's output and exit 1. {@code subcommand} is the click name
     * ({@code "new-site"}, {@code "execute"}, {@code "setup"}), {@code "execute <dotted.method>"} for one
     * method, or {@code "nginx-reload"} for the host's reload command.
     */
    public Faults failCommand(String subcommand, FailurePlan plan) {
        return add(Action.FAIL_COMMAND, subcommand, plan, 0, Duration.ZERO);
    }

    /** Makes a bench subcommand never exit until its channel closes. */
    public Faults hangCommand(String subcommand, FailurePlan plan) {
        return add(Action.HANG_COMMAND, subcommand, plan, 0, Duration.ZERO);
    }

    /** Cuts the SSH connection while the subcommand runs (mid-way for new-site and install-app). */
    public Faults dropConnection(String subcommand, FailurePlan plan) {
        return add(Action.DROP_CONNECTION, subcommand, plan, 0, Duration.ZERO);
    }

    /** Answers requests whose path starts with the prefix with this status (an nginx error page). */
    public Faults failRequests(String pathPrefix, int status, FailurePlan plan) {
        return add(Action.FAIL_REQUEST, pathPrefix, plan, status, Duration.ZERO);
    }

    /** Answers requests whose path starts with the prefix only after a delay. */
    public Faults delayRequests(String pathPrefix, Duration delay, FailurePlan plan) {
        return add(Action.DELAY_REQUEST, pathPrefix, plan, 0, delay);
    }

    /** Never answers requests whose path starts with the prefix; they are held until the simulator closes. */
    public Faults hangRequests(String pathPrefix, FailurePlan plan) {
        return add(Action.HANG_REQUEST, pathPrefix, plan, 0, Duration.ZERO);
    }

    /** Removes every rule. Requests already held stay held until the simulator closes. */
    public synchronized void clear() {
        rules.clear();
    }

    /**
     * The id of the rule added last, to {@link #remove} it alone when its fault's window ends (a chaos campaign's
     * faults overlap, so {@link #clear} would end the others too). Add and read under {@code synchronized (faults)}
     * when other threads add rules too.
     */
    public synchronized long lastRuleId() {
        if (added == 0) {
            throw new IllegalStateException("no rule added yet");
        }
        return added - 1;
    }

    /**
     * Removes one rule by its {@link #lastRuleId}; the others keep counting. Commands and requests already held by
     * it stay held (until their channel closes or the simulator does), as with {@link #clear}.
     *
     * @return whether the rule was still there
     */
    public synchronized boolean remove(long ruleId) {
        return rules.removeIf(rule -> rule.id == ruleId);
    }

    /** The active rules with their call counts, for the admin endpoint and test failure messages. */
    public synchronized List<String> describe() {
        return rules.stream().map(Rule::describe).toList();
    }

    private synchronized Faults add(Action action, String target, FailurePlan plan, int status, Duration delay) {
        long id = added++;
        SplittableRandom random = new SplittableRandom(seed * 31 + target.hashCode() * 17L + id);
        rules.add(new Rule(id, action, target, plan, status, delay, random));
        return this;
    }

    synchronized CommandFault decideCommand(List<String> keys) {
        CommandFault decided = CommandFault.NONE;
        for (Rule rule : rules) {
            if (!rule.isCommand() || !keys.contains(rule.target)) {
                continue;
            }
            rule.calls++;
            if (rule.plan.fires(rule.calls, rule.random) && decided == CommandFault.NONE) {
                decided = switch (rule.action) {
                    case FAIL_COMMAND -> CommandFault.FAIL;
                    case HANG_COMMAND -> CommandFault.HANG;
                    default -> CommandFault.DROP;
                };
            }
        }
        return decided;
    }

    synchronized RequestFault decideRequest(String path) {
        RequestFault decided = RequestFault.NONE;
        for (Rule rule : rules) {
            if (rule.isCommand() || !path.startsWith(rule.target)) {
                continue;
            }
            rule.calls++;
            if (rule.plan.fires(rule.calls, rule.random) && decided == RequestFault.NONE) {
                decided = switch (rule.action) {
                    case FAIL_REQUEST -> new RequestFault(RequestFault.Kind.FAIL, rule.status, Duration.ZERO);
                    case DELAY_REQUEST -> new RequestFault(RequestFault.Kind.DELAY, 0, rule.delay);
                    default -> new RequestFault(RequestFault.Kind.HANG, 0, Duration.ZERO);
                };
            }
        }
        return decided;
    }
}
