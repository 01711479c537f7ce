package io.benchline.provisioner.pool;

import io.benchline.platform.secrets.SealedField;
import io.benchline.platform.secrets.Secret;
import io.benchline.provisioner.bench.BenchShell;
import io.benchline.provisioner.bench.SiteName;
import io.benchline.provisioner.bench.SiteState;
import io.benchline.provisioner.hosts.BenchHost;
import io.benchline.provisioner.hosts.BenchHostPool;
import io.benchline.provisioner.hosts.SlotLease;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's side of the pool, for the hosts whose partition this instance's group member holds: reads each host's
 * {@code bench version}, builds standbys up to the target in free slots (never while a customer waits for one),
 * records decided claims, drops stale, drained and orphaned standbys a few at a time. Woken by every claim, so a
 * refill starts at once, and by a tick.
 */
public final class StandbyKeeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StandbyKeeper.class);
    /** A claimed standby's record is kept this long (longer than any signup's deadline), then its leftovers go. */
    private static final Duration CLAIMED_KEPT = Duration.ofHours(1);

    private final PoolProperties properties;
    private final BenchHostPool hosts;
    private final BenchShell bench;
    private final StandbyLog standbyLog;
    private final PoolState state;
    private final StandbySealing sealing;
    private final PoolTarget target;
    private final PoolMetrics metrics;
    private final IntSupplier waitingCustomers;
    private final Duration buildGiveUp;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ExecutorService workers = Executors.newCachedThreadPool(named("standby-worker"));
    private final Thread loop;
    /** Standbys this instance is building or dropping right now. */
    private final Set<String> busy = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Map<String, Instant> versionsReadAt = new HashMap<>();
    private final Map<String, AtomicInteger> recycling = new HashMap<>();
    private boolean wake;
    private volatile boolean closed;

    StandbyKeeper(
            PoolProperties properties,
            BenchHostPool hosts,
            BenchShell bench,
            StandbyLog standbyLog,
            PoolState state,
            StandbySealing sealing,
            PoolTarget target,
            PoolMetrics metrics,
            IntSupplier waitingCustomers,
            Duration newSiteTimeout,
            Clock clock) {
        this.properties = properties;
        this.hosts = hosts;
        this.bench = bench;
        this.standbyLog = standbyLog;
        this.state = state;
        this.sealing = sealing;
        this.target = target;
        this.metrics = metrics;
        this.waitingCustomers = waitingCustomers;
        this.buildGiveUp = newSiteTimeout.plus(Duration.ofMinutes(5));
        this.clock = clock;
        this.loop = new Thread(this::run, "standby-keeper");
        this.loop.setDaemon(true);
    }

    void start() {
        loop.start();
    }

    /** A claim was decided (or a build ended): look again now, not at the next tick. */
    synchronized void wakeUp() {
        wake = true;
        notifyAll();
    }

    private void run() {
        while (!closed) {
            try {
                tick();
            } catch (RuntimeException e) {
                log.warn("standby pool: {}", e.getMessage(), e);
            }
            synchronized (this) {
                if (!wake && !closed) {
                    try {
                        wait(properties.tick().toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                wake = false;
            }
        }
    }

    private void tick() {
        if (!standbyLog.caughtUp()) {
            return;
        }
        List<BenchHost> owned = hosts.hosts().stream()
                .filter(h -> standbyLog.owns(h.id()))
                .sorted(Comparator.comparingInt(h -> state.size(h.id())))
                .toList();
        for (BenchHost host : owned) {
            if (closed) {
                return;
            }
            readVersionsIfDue(host);
            recordClaims(host);
            forgetOldDemand(host);
            recycle(host);
            build(host);
        }
    }

    private void readVersionsIfDue(BenchHost host) {
        Instant last = versionsReadAt.get(host.id());
        Instant now = clock.instant();
        if (last != null && now.isBefore(last.plus(properties.versionCheckInterval()))) {
            return;
        }
        try {
            String fingerprint = bench.appVersions(host);
            standbyLog.append(PoolRecord.versions(host.id(), fingerprint, clock.instant()));
            versionsReadAt.put(host.id(), now);
        } catch (RuntimeException e) {
            log.warn("standby pool: cannot read the versions of {}: {}", host.id(), e.getMessage());
            versionsReadAt.put(host.id(), now);
        }
    }

    /** A claim decided in the log becomes the standby's own record, so the claim records can go. */
    private void recordClaims(BenchHost host) {
        Instant now = clock.instant();
        for (PoolState.Standby s : state.claimed(
                host.id(),
                c -> !c.claimRecorded() || c.since().plus(CLAIMED_KEPT).isBefore(now))) {
            if (!s.claimRecorded()) {
                standbyLog.append(PoolRecord.claimed(s, now));
                for (UUID claimant : s.claimants()) {
                    standbyLog.forget(
                            host.id(),
                            PoolRecord.claim(host.id(), s.name(), claimant, now).key());
                }
            } else if (s.claimRecorded() && s.since().plus(CLAIMED_KEPT).isBefore(now) && busy.add(s.name())) {
                // The claimer renamed it long ago, or never will (its signup is over): drop what is left.
                workers.submit(() -> dropAndForget(host, s, false));
            }
        }
    }

    private void forgetOldDemand(BenchHost host) {
        Instant before = clock.instant().minus(properties.rateWindow());
        for (UUID tenant : state.demandBefore(host.id(), before)) {
            standbyLog.forget(
                    host.id(), PoolRecord.demand(host.id(), tenant, before).key());
        }
    }

    /**
     * Drops, at most {@code recycleBatch} at a time per host: standbys built on other versions than the host's
     * latest reading, every standby of a drained host, and builds nobody finished (their builder died).
     */
    private void recycle(BenchHost host) {
        Optional<PoolState.Versions> versions = state.versions(host.id());
        AtomicInteger running = recycling.computeIfAbsent(host.id(), h -> new AtomicInteger());
        Instant now = clock.instant();
        // A claimed standby is a customer's: never recycled.
        for (PoolState.Standby s : state.unclaimed(host.id())) {
            if (running.get() >= properties.recycleBatch()) {
                return;
            }
            boolean stale = s.isClaimable()
                    && versions.isPresent()
                    && !versions.get().fingerprint().equals(s.fingerprint());
            boolean drained = properties.drained(host.id()) && s.isClaimable();
            boolean abandoned = s.state() == PoolRecord.State.BUILDING
                    && !busy.contains(s.name())
                    && s.since().plus(buildGiveUp).isBefore(now);
            boolean retired = s.retired() && s.claimedBy() == null && !busy.contains(s.name());
            if (!(stale || drained || abandoned || retired) || !busy.add(s.name())) {
                continue;
            }
            try {
                StandbyLog.Position position = standbyLog.append(PoolRecord.retire(host.id(), s.name(), now));
                standbyLog.awaitApplied(position, properties.claimTimeout());
            } catch (RuntimeException e) {
                busy.remove(s.name());
                throw e;
            }
            if (state.find(host.id(), s.name()).map(PoolState.Standby::retired).orElse(false)) {
                running.incrementAndGet();
                workers.submit(() -> {
                    try {
                        dropAndForget(host, s, stale);
                    } finally {
                        running.decrementAndGet();
                    }
                });
            } else {
                // A claim came first: the standby is a customer's now.
                busy.remove(s.name());
            }
        }
    }

    private void build(BenchHost host) {
        if (!properties.enabled() || properties.drained(host.id())) {
            return;
        }
        Optional<PoolState.Versions> versions = state.versions(host.id())
                .filter(v -> !clock.instant().isAfter(v.at().plus(properties.fingerprintMaxAge())));
        if (versions.isEmpty()) {
            return;
        }
        int wanted = target.of(host.id()) - state.size(host.id());
        int room = properties.maxTotal() - state.total();
        for (int i = 0; i < Math.min(wanted, room); i++) {
            // Customers first: a standby takes only a slot no waiting signup needs.
            if (waitingCustomers.getAsInt() > 0) {
                return;
            }
            Optional<SlotLease> lease = hosts.acquire(host.id());
            if (lease.isEmpty()) {
                return;
            }
            SiteName name = StandbyName.random();
            String fingerprint = versions.get().fingerprint();
            try {
                StandbyLog.Position p = standbyLog.append(PoolRecord.standby(
                        host.id(), name.value(), PoolRecord.State.BUILDING, fingerprint, clock.instant()));
                standbyLog.awaitApplied(p, properties.claimTimeout());
            } catch (RuntimeException e) {
                lease.get().close();
                throw e;
            }
            busy.add(name.value());
            workers.submit(() -> buildOne(lease.get(), name, fingerprint));
        }
    }

    /** new-site with ERPNext (password on stdin, then forgotten), keys by bench as the cold path makes them, sealed. */
    private void buildOne(SlotLease lease, SiteName name, String fingerprint) {
        BenchHost host = lease.host();
        Instant started = clock.instant();
        String outcome = "failed";
        try {
            bench.newSite(host, name, password());
            Secret apiSecret = bench.generateApiSecret(host, name);
            Secret apiKey = bench.readApiKey(host, name);
            boolean current = state.versions(host.id())
                    .map(v -> v.fingerprint().equals(fingerprint))
                    .orElse(false);
            boolean kept = state.find(host.id(), name.value())
                    .map(s -> s.state() == PoolRecord.State.BUILDING && !s.retired())
                    .orElse(false);
            if (!current || !kept) {
                outcome = "stale";
                drop(host, name);
                standbyLog.forget(host.id(), key(host, name));
                return;
            }
            long millis = Duration.between(started, clock.instant()).toMillis();
            standbyLog.append(PoolRecord.ready(
                    host.id(),
                    name.value(),
                    fingerprint,
                    sealing.seal(host.id(), name.value(), SealedField.API_KEY, apiKey),
                    sealing.seal(host.id(), name.value(), SealedField.API_SECRET, apiSecret),
                    clock.instant(),
                    millis));
            outcome = "ready";
            log.info("standby pool: {} ready on {} after {} ms", name, host.id(), millis);
        } catch (RuntimeException e) {
            log.warn("standby pool: building {} on {} failed: {}", name, host.id(), e.getMessage());
            try {
                drop(host, name);
                standbyLog.forget(host.id(), key(host, name));
            } catch (RuntimeException again) {
                log.warn("standby pool: {} on {} stays for a later clean-up: {}", name, host.id(), again.getMessage());
            }
        } finally {
            metrics.built(host.id(), outcome);
            lease.close();
            busy.remove(name.value());
            wakeUp();
        }
    }

    private void dropAndForget(BenchHost host, PoolState.Standby s, boolean stale) {
        SiteName name = new SiteName(s.name());
        try {
            drop(host, name);
            standbyLog.forget(host.id(), key(host, name));
            standbyLog.forget(
                    host.id(),
                    PoolRecord.retire(host.id(), s.name(), clock.instant()).key());
            if (stale) {
                metrics.recycled(host.id());
            }
            log.info("standby pool: {} dropped on {}{}", name, host.id(), stale ? " (built on older versions)" : "");
        } catch (RuntimeException e) {
            log.warn("standby pool: cannot drop {} on {}: {}", name, host.id(), e.getMessage());
        } finally {
            busy.remove(s.name());
        }
    }

    /** drop-site; a standby that is not there (renamed by its claim, or never made) is already gone. */
    private void drop(BenchHost host, SiteName name) {
        if (bench.siteState(host, name) != SiteState.ABSENT) {
            bench.dropSite(host, name);
        }
    }

    private static String key(BenchHost host, SiteName name) {
        return PoolRecord.standby(host.id(), name.value(), null, null, null).key();
    }

    private Secret password() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Secret.of(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    @Override
    public void close() {
        closed = true;
        wakeUp();
        workers.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
