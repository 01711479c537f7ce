package io.benchline.provisioner.pool;

import io.benchline.platform.secrets.SealedField;
import io.benchline.provisioner.bench.SiteName;
import io.benchline.provisioner.hosts.BenchHost;
import io.benchline.provisioner.provisioning.StandbyPool;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant's side of the pool: finds a ready standby on the host's current versions, asks for it by appending a
 * CLAIM to the host's partition and reads the decision back from the log (the first claim wins, on every instance
 * alike), and opens the standby's key for the REST steps of the claim.
 *
 * <p>"Current" is read at claim time: the claimer runs {@code bench version} itself and appends the reading just
 * before its CLAIM, so the log's rule (the host's latest reading before the claim must be the standby's fingerprint)
 * judges the claim by a reading taken a moment earlier, not by the owner's periodic one (up to
 * {@code version-check-interval} old). It costs one Frappe invocation on the claim path (~1.2 s on a real host),
 * spent only when the host has a claimable standby: the price of never handing out a standby built on old code.
 * When the log already holds a reading of the host, the candidate is picked by it and the fresh reading is taken
 * beside the run's ledger write of the standby; the claim then waits for it and is made only if it still matches.
 */
public final class StandbyClaims implements StandbyPool {

    private static final Logger log = LoggerFactory.getLogger(StandbyClaims.class);

    private final PoolProperties properties;
    private final StandbyLog standbyLog;
    private final PoolState state;
    private final StandbySealing sealing;
    private final PoolMetrics metrics;
    private final Function<BenchHost, String> versionReader;
    private final Clock clock;
    /**
     * Each claiming tenant's version reading, taken or appended but not yet waited for (see {@link #claim}): completes
     * with the fingerprint read once the reading is on the log.
     */
    private final Map<UUID, CompletableFuture<String>> readings = new ConcurrentHashMap<>();
    /** Tenants whose reading beside the run failed or no longer matched: their next candidate waits for a fresh one. */
    private final Set<UUID> readAtOnce = ConcurrentHashMap.newKeySet();
    /** Takes version readings beside the run (an SSH command each; bounded by the command timeout). */
    private final Executor readers;

    StandbyClaims(
            PoolProperties properties,
            StandbyLog standbyLog,
            PoolState state,
            StandbySealing sealing,
            PoolMetrics metrics,
            Function<BenchHost, String> versionReader,
            Clock clock) {
        this.properties = properties;
        this.standbyLog = standbyLog;
        this.state = state;
        this.sealing = sealing;
        this.metrics = metrics;
        this.versionReader = versionReader;
        this.clock = clock;
        this.readers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "standby-version-reading");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public boolean enabled() {
        return properties.enabled();
    }

    @Override
    public Optional<SiteName> candidate(BenchHost host, UUID tenantId) {
        if (!properties.enabled()) {
            return Optional.empty();
        }
        // Not waited for: the demand only feeds the pool's size; a lost one counts one signup less.
        standbyLog
                .appendWithoutWaiting(PoolRecord.demand(host.id(), tenantId, clock.instant()))
                .whenComplete((position, error) -> {
                    if (error != null) {
                        log.warn(
                                "tenant {}: cannot record the signup's demand on the pool of {}: {}",
                                tenantId,
                                host.id(),
                                error.toString());
                    }
                });
        if (properties.drained(host.id())) {
            return Optional.empty();
        }
        if (!state.anyClaimable(host.id())) {
            return Optional.empty();
        }
        Optional<PoolState.Standby> byLatestReading =
                state.versions(host.id()).flatMap(v -> state.candidate(host.id(), v.fingerprint()));
        if (byLatestReading.isPresent() && !readAtOnce.remove(tenantId)) {
            // Read beside the run's ledger write of the standby; the claim waits for it and checks it still matches.
            readings.put(
                    tenantId,
                    CompletableFuture.supplyAsync(() -> versionReader.apply(host), readers)
                            .thenCompose(fingerprint -> appendReading(host, fingerprint)));
            return Optional.of(new SiteName(byLatestReading.get().name()));
        }
        String fingerprint;
        try {
            fingerprint = versionReader.apply(host);
            // Waited for only by the claim (which must come after it in the log): meanwhile the run records the
            // standby in its ledger, so the reading's round trip costs nothing of its own.
            readings.put(tenantId, appendReading(host, fingerprint));
        } catch (RuntimeException e) {
            log.warn(
                    "tenant {}: cannot read the versions of {}, building cold: {}",
                    tenantId,
                    host.id(),
                    e.getMessage());
            return Optional.empty();
        }
        Optional<SiteName> candidate = state.candidate(host.id(), fingerprint).map(s -> new SiteName(s.name()));
        if (candidate.isEmpty()) {
            readings.remove(tenantId);
        }
        return candidate;
    }

    /** Appends a reading without waiting; completes with its fingerprint once the log has it. */
    private CompletableFuture<String> appendReading(BenchHost host, String fingerprint) {
        return standbyLog
                .appendWithoutWaiting(PoolRecord.versions(host.id(), fingerprint, clock.instant()))
                .thenApply(position -> fingerprint);
    }

    @Override
    public Optional<Claimed> claim(BenchHost host, SiteName standby, UUID tenantId) {
        Optional<PoolState.Standby> known = state.find(host.id(), standby.value());
        if (known.isPresent() && tenantId.equals(known.get().claimedBy())) {
            return Optional.of(opened(known.get()));
        }
        if (known.isEmpty() || !known.get().isClaimable()) {
            return Optional.empty();
        }
        if (!readingLanded(host, known.get(), tenantId)) {
            return Optional.empty();
        }
        StandbyLog.Position position =
                standbyLog.append(PoolRecord.claim(host.id(), standby.value(), tenantId, clock.instant()));
        if (!standbyLog.awaitApplied(position, properties.claimTimeout())) {
            log.warn("tenant {}: the claim of {} did not come back from the pool's log in time", tenantId, standby);
            return Optional.empty();
        }
        Optional<Claimed> won = state.find(host.id(), standby.value())
                .filter(s -> tenantId.equals(s.claimedBy()))
                .map(this::opened);
        if (won.isEmpty()) {
            log.info("tenant {}: standby {} on {} went to an earlier claim", tenantId, standby, host.id());
        }
        return won;
    }

    /**
     * The claim is judged by the host's latest reading before it in the log: this tenant's own reading (taken in
     * {@link #candidate}) must be there first, and match the standby's fingerprint, else the claim is not made (the
     * tenant tries another candidate or builds cold, as when the versions cannot be read). A resumed run has none
     * pending: its claim was made before, or is judged by the readings the log holds (at most
     * {@code fingerprint-max-age} old).
     */
    private boolean readingLanded(BenchHost host, PoolState.Standby standby, UUID tenantId) {
        CompletableFuture<String> reading = readings.remove(tenantId);
        if (reading == null) {
            return true;
        }
        try {
            String fingerprint = reading.get(properties.claimTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!fingerprint.equals(standby.fingerprint())) {
                readAtOnce.add(tenantId);
                log.info(
                        "tenant {}: {} now runs other versions than standby {}; not claimed",
                        tenantId,
                        host.id(),
                        standby.name());
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            readAtOnce.add(tenantId);
            log.warn(
                    "tenant {}: the version reading of {} failed or did not reach the pool's log ({}); not claimed",
                    tenantId,
                    host.id(),
                    e.toString());
            return false;
        }
    }

    @Override
    public void released(BenchHost host, SiteName standby) {
        standbyLog.forget(
                host.id(),
                PoolRecord.standby(host.id(), standby.value(), null, null, null).key());
    }

    @Override
    public void settled(BenchHost host, String path, long millis) {
        if (properties.enabled()) {
            metrics.claimed(host.id(), path, millis);
        }
    }

    private Claimed opened(PoolState.Standby s) {
        return new Claimed(
                new SiteName(s.name()),
                sealing.open(s.host(), s.name(), SealedField.API_KEY, s.apiKey()),
                sealing.open(s.host(), s.name(), SealedField.API_SECRET, s.apiSecret()));
    }
}
