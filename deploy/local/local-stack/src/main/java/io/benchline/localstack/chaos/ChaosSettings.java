package io.benchline.localstack.chaos;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * One campaign: {@code signups} sent at {@code rate} per second, {@code faults} faults of the given kinds drawn from
 * {@code seed}, and the short timings the stack runs with so that faults end in outcomes within the run: a signup
 * {@code deadline} that really expires when a fault holds a signup up, and bench command timeouts that free a hung
 * slot in seconds ({@code commandTimeout}) except for {@code new-site}, whose timeout outlasts the deadline (a hung
 * new-site is how the {@link FaultKind#DEADLINE} fault makes signups expire).
 */
public record ChaosSettings(
        int signups,
        long seed,
        Set<FaultKind> kinds,
        int faults,
        double rate,
        Duration deadline,
        Duration commandTimeout) {

    /** signup-service's grace after a deadline before it emits the TIMEOUT (default 30 s; short, so runs end sooner). */
    static final Duration DEADLINE_GRACE = Duration.ofSeconds(5);

    public ChaosSettings {
        if (signups <= 0 || faults < 0 || rate <= 0 || kinds.isEmpty()) {
            throw new IllegalArgumentException("a campaign needs signups, a rate and fault kinds");
        }
        kinds = Set.copyOf(kinds);
    }

    /**
     * The launcher's campaign: {@code rate} signups a second (1 if not positive), a fault for every ~7 signups up to
     * 30, then one for every ~12 (faults already overlap most of the run at that density; more only keeps
     * signup-service down), and a signup deadline of 150 s plus the simulated build time: longer than a restart under
     * load (~45 s) plus a paused process (~50 s), so most signups ride out the faults that hit them and reach the later
     * stages the invariants are about, and those that expire were held up by several faults or a {@code deadline}
     * fault.
     */
    public static ChaosSettings forLauncher(
            int signups, long seed, Set<FaultKind> kinds, double rate, double timeScale) {
        Duration build = Duration.ofSeconds((long) Math.ceil(1800 * timeScale));
        return new ChaosSettings(
                signups,
                seed,
                kinds,
                (int) Math.max(1, Math.min(Math.round(signups * 0.15), Math.max(30, Math.round(signups * 0.08)))),
                rate > 0 ? rate : 1.0,
                Duration.ofSeconds(150).plus(build),
                Duration.ofSeconds(15).plus(build));
    }

    /** The same campaign with another number of faults. */
    public ChaosSettings withFaults(int count) {
        return new ChaosSettings(signups, seed, kinds, count, rate, deadline, commandTimeout);
    }

    /** How long the signups take to send. */
    Duration loadDuration() {
        return Duration.ofMillis((long) (signups / rate * 1000));
    }

    /** Past the deadline and its grace: a signup whose new-site hangs expires before the provisioner gives up. */
    Duration newSiteTimeout() {
        return deadline.plus(DEADLINE_GRACE).plusSeconds(10);
    }

    /**
     * Per service, what the stack must run with for this campaign (on every restart too): signup-service's deadline
     * ({@code benchline.signup.deadline}, {@code deadline-grace}; defaults 30 min and 30 s) and the provisioner's
     * command timeouts ({@code command-timeout}, {@code new-site-timeout}; defaults 2 min and 20 min, which would
     * hold a hung slot past the run's end).
     */
    public Map<String, Map<String, String>> serviceProperties() {
        return Map.of(
                "signup-service",
                Map.of(
                        "benchline.signup.deadline", deadline.toMillis() + "ms",
                        "benchline.signup.deadline-grace", DEADLINE_GRACE.toMillis() + "ms"),
                "provisioner-service",
                Map.of(
                        "benchline.provisioner.command-timeout", commandTimeout.toMillis() + "ms",
                        "benchline.provisioner.new-site-timeout",
                                newSiteTimeout().toMillis() + "ms"));
    }
}
