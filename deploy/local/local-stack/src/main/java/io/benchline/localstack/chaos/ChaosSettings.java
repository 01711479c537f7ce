package io.benchline.localstack.chaos;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * One campaign: {@code signups} sent at {@code rate} per second, {@code faults} faults of the given kinds drawn from
 * {@code seed}, and the short timings the stack runs with so that faults end in outcomes within the run (a signup
 * {@code deadline} that really expires behind a full host, bench command timeouts that free hung slots).
 */
public record ChaosSettings(
        int signups,
        long seed,
        Set<FaultKind> kinds,
        int faults,
        double rate,
        Duration deadline,
        Duration deadlineGrace,
        Duration commandTimeout,
        Duration newSiteTimeout) {

    public ChaosSettings {
        if (signups <= 0 || faults < 0 || rate <= 0 || kinds.isEmpty()) {
            throw new IllegalArgumentException("a campaign needs signups, a rate and fault kinds");
        }
        kinds = Set.copyOf(kinds);
    }

    /**
     * The launcher's campaign: one signup a second, a fault for every ~7 signups (≥ 30 from 200 signups on), a
     * signup deadline of 90 s plus the simulated build time (so a signup only expires when a fault held it up).
     */
    public static ChaosSettings forLauncher(
            int signups, long seed, Set<FaultKind> kinds, double rate, double timeScale) {
        Duration build = Duration.ofSeconds((long) Math.ceil(1800 * timeScale));
        return new ChaosSettings(
                signups,
                seed,
                kinds,
                Math.max(1, (int) Math.round(signups * 0.15)),
                rate > 0 ? rate : 1.0,
                Duration.ofSeconds(90).plus(build),
                Duration.ofSeconds(5),
                Duration.ofSeconds(20).plus(build),
                Duration.ofSeconds(30).plus(build));
    }

    /** How long the signups take to send. */
    Duration loadDuration() {
        return Duration.ofMillis((long) (signups / rate * 1000));
    }

    /**
     * Per service, what the stack must run with for this campaign (on every restart too): signup-service's deadline
     * ({@code benchline.signup.deadline}, {@code deadline-grace}, default 30 min and 30 s) and the provisioner's
     * command timeouts (default 2 min and 20 min: a hung command would hold its slot past the run's end).
     */
    public Map<String, Map<String, String>> serviceProperties() {
        return Map.of(
                "signup-service",
                Map.of(
                        "benchline.signup.deadline", deadline.toMillis() + "ms",
                        "benchline.signup.deadline-grace", deadlineGrace.toMillis() + "ms"),
                "provisioner-service",
                Map.of(
                        "benchline.provisioner.command-timeout", commandTimeout.toMillis() + "ms",
                        "benchline.provisioner.new-site-timeout", newSiteTimeout.toMillis() + "ms"));
    }
}
