package io.benchline.localstack.chaos;

import io.benchline.localstack.chaos.TenantHistory.Tenant;
import io.benchline.simulator.IssuedSecret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks the design's invariants (design.md "Invariants", issue 18) from {@link ChaosEvidence} alone: what the system
 * wrote, never what the driver believes happened (apart from which POSTs were accepted).
 *
 * <p>What it reads: every partition of every Kafka topic (internal ones included) from its start to the end offsets
 * taken when the check begins ({@link KafkaReading}: raw bytes of every record, aborted ones included, for the secret
 * scan; committed records of the catalogue's topics, decoded, and of every {@code *-dlt} topic, for the rest); the
 * bench host's command records, final sites and journal of issued secrets (the simulator); every {@code *.log} in the
 * logs folder. Each invariant is decided by one small class:
 *
 * <ul>
 *   <li>{@code one-terminal-event} ({@link TerminalEvents}): exactly one terminal event per tenant's latest attempt,
 *       none lost, no attempt with two;
 *   <li>{@code one-live-site-per-tenant}, {@code unique-subdomains}, {@code failed-leaves-no-site}, {@code
 *       completed-has-user} ({@link SiteOwnership} over {@link SiteHistory}): sites mapped to tenants by the events;
 *   <li>{@code keys-not-rotated} ({@link KeyRotation}): no Administrator secret issued on a site while a secret
 *       emitted for it is live;
 *   <li>{@code no-plaintext-secrets} ({@link PlaintextSecrets}, {@link SecretNeedles}): no password, API secret or
 *       login key in any record or log;
 *   <li>{@code dlt-explained} ({@link DeadLetters});
 *   <li>{@code no-open-transactions} (added here): every partition's committed records can be read to the end offset
 *       of the snapshot within the read limit. A transaction left open (a producer killed mid-transaction, not yet
 *       fenced or timed out) holds every {@code read_committed} consumer of that partition back, and the checker
 *       could not see the events behind it either.
 * </ul>
 */
public final class InvariantChecker {

    /**
     * How long each of the two passes over the cluster may take, waiting on a transaction left open included; longer
     * than the services' transaction timeouts is pointless (the broker aborts them by then).
     */
    public static final Duration DEFAULT_READ_LIMIT = Duration.ofMinutes(2);

    private final ChaosEvidence evidence;
    private final Duration readLimit;
    private Map<String, Integer> outcomes = Map.of();

    public InvariantChecker(ChaosEvidence evidence) {
        this(evidence, DEFAULT_READ_LIMIT);
    }

    /** @param readLimit see {@link #DEFAULT_READ_LIMIT} */
    public InvariantChecker(ChaosEvidence evidence, Duration readLimit) {
        this.evidence = evidence;
        this.readLimit = readLimit;
    }

    /** Every invariant's verdict, in a fixed order. */
    public List<InvariantResult> check() {
        List<IssuedSecret> issued = evidence.simulator().issuedSecrets();
        SecretNeedles needles = PlaintextSecrets.needles(evidence.accepted(), issued);
        KafkaReading.Snapshot kafka = new KafkaReading(evidence.kafkaAdminConfig(), readLimit).read(needles);
        Map<String, Tenant> tenants = TenantHistory.of(kafka.events(), evidence.accepted(), kafka.signupStatusKeys());
        outcomes = outcomesOf(tenants);
        SiteHistory sites = SiteHistory.of(evidence.simulator());
        SiteOwnership ownership = new SiteOwnership(tenants, sites);

        List<Path> logs = PlaintextSecrets.logFiles(evidence.logsFolder());
        List<String> leaks = new ArrayList<>(kafka.secretHits());
        leaks.addAll(PlaintextSecrets.scanLogs(logs, needles, needles.longest()));
        kafka.incomplete().forEach(line -> leaks.add("not scanned: " + line));

        return List.of(
                TerminalEvents.check(tenants, kafka.recordKeys()),
                ownership.oneLiveSitePerTenant(),
                ownership.uniqueSubdomains(),
                KeyRotation.check(tenants, sites, issued),
                ownership.completedHasUser(),
                ownership.failedLeavesNoSite(),
                new InvariantResult("no-plaintext-secrets", kafka.rawRecords() + logs.size(), leaks),
                DeadLetters.check(kafka.deadLetters(), tenants),
                new InvariantResult("no-open-transactions", kafka.partitions(), kafka.heldBack()));
    }

    /**
     * After {@link #check()}: how many tenants ended each way, by their outcome (the last terminal event of their
     * latest attempt): {@code SignupCompleted}, {@code ProvisioningFailed <STAGE>/<REASON>}, or {@code none}.
     */
    public Map<String, Integer> outcomes() {
        return outcomes;
    }

    private static Map<String, Integer> outcomesOf(Map<String, Tenant> tenants) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Tenant t : tenants.values()) {
            String outcome = t.outcome()
                    .map(o -> o.completed() ? o.kind() : o.kind() + " " + o.detail())
                    .orElse("none");
            counts.merge(outcome, 1, Integer::sum);
        }
        return Collections.unmodifiableMap(counts);
    }
}
