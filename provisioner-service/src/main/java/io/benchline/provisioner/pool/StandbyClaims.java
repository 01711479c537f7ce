package io.benchline.provisioner.pool;

import io.benchline.platform.secrets.SealedField;
import io.benchline.provisioner.bench.SiteName;
import io.benchline.provisioner.hosts.BenchHost;
import io.benchline.provisioner.provisioning.StandbyPool;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant's side of the pool: finds a ready standby on the host's current versions, asks for it by appending a
 * CLAIM to the host's partition and reads the decision back from the log (the first claim wins, on every instance
 * alike), and opens the standby's key for the REST steps of the claim.
 */
public final class StandbyClaims implements StandbyPool {

    private static final Logger log = LoggerFactory.getLogger(StandbyClaims.class);

    private final PoolProperties properties;
    private final StandbyLog standbyLog;
    private final PoolState state;
    private final StandbySealing sealing;
    private final PoolMetrics metrics;
    private final Clock clock;

    StandbyClaims(
            PoolProperties properties,
            StandbyLog standbyLog,
            PoolState state,
            StandbySealing sealing,
            PoolMetrics metrics,
            Clock clock) {
        this.properties = properties;
        this.standbyLog = standbyLog;
        this.state = state;
        this.sealing = sealing;
        this.metrics = metrics;
        this.clock = clock;
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
        try {
            standbyLog.append(PoolRecord.demand(host.id(), tenantId, clock.instant()));
        } catch (RuntimeException e) {
            log.warn(
                    "tenant {}: cannot record the signup's demand on the pool of {}: {}",
                    tenantId,
                    host.id(),
                    e.getMessage());
            return Optional.empty();
        }
        if (properties.drained(host.id())) {
            return Optional.empty();
        }
        return state.versions(host.id())
                .filter(v -> !clock.instant().isAfter(v.at().plus(properties.fingerprintMaxAge())))
                .flatMap(v -> state.candidate(host.id(), v.fingerprint()))
                .map(s -> new SiteName(s.name()));
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
