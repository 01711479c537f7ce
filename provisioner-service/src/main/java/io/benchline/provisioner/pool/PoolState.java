package io.benchline.provisioner.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The pool as the log says it is, built by applying every record in log order; every instance holds the same one.
 * Claims are decided here, deterministically: the first CLAIM of a ready, unretired standby wins, and only when the
 * host's latest version reading before it (in the same partition) is the standby's fingerprint and at most
 * {@code fingerprintMaxAge} older than the claim. A later claim, or one after a RETIRE, loses.
 */
final class PoolState implements StandbyLog.Applier {

    private final Duration fingerprintMaxAge;
    private final Runnable onClaim;
    private final Map<String, HostPool> hosts = new HashMap<>();

    PoolState(Duration fingerprintMaxAge, Runnable onClaim) {
        this.fingerprintMaxAge = fingerprintMaxAge;
        this.onClaim = onClaim;
    }

    @Override
    public void apply(String key, PoolRecord record) {
        boolean claimed = false;
        synchronized (this) {
            if (record == null) {
                forget(key);
                return;
            }
            HostPool pool = hosts.computeIfAbsent(record.host(), h -> new HostPool());
            switch (record.kind()) {
                case STANDBY -> applyStandby(pool, record);
                case CLAIM -> claimed = applyClaim(pool, record);
                case RETIRE -> {
                    Standby s = pool.get(record.standby());
                    if (s != null && s.claimedBy == null) {
                        s.retired = true;
                    }
                }
                case VERSIONS -> pool.versions = new Versions(record.fingerprint(), record.at());
                case DEMAND -> pool.demand.put(record.tenant(), record.at());
            }
        }
        if (claimed) {
            onClaim.run();
        }
    }

    private static void applyStandby(HostPool pool, PoolRecord r) {
        Standby s = pool.get(r.standby());
        switch (r.state()) {
            case BUILDING -> {
                if (s == null) {
                    pool.put(new Standby(r.host(), r.standby(), r.at()));
                }
            }
            case READY -> {
                if (s == null) {
                    s = new Standby(r.host(), r.standby(), r.at());
                    pool.put(s);
                }
                if (s.state == PoolRecord.State.BUILDING) {
                    s.state = PoolRecord.State.READY;
                    s.fingerprint = r.fingerprint();
                    s.apiKey = r.apiKey();
                    s.apiSecret = r.apiSecret();
                    s.since = r.at();
                    if (r.buildMillis() > 0) {
                        pool.buildMillis.addLast(r.buildMillis());
                        if (pool.buildMillis.size() > 10) {
                            pool.buildMillis.removeFirst();
                        }
                    }
                }
            }
            case CLAIMED -> {
                if (s == null) {
                    s = new Standby(r.host(), r.standby(), r.at());
                }
                s.state = PoolRecord.State.CLAIMED;
                s.claimedBy = r.tenant();
                s.fingerprint = r.fingerprint();
                s.apiKey = r.apiKey();
                s.apiSecret = r.apiSecret();
                s.claimRecorded = true;
                s.since = r.at();
                pool.put(s);
            }
            case DROPPED -> pool.remove(r.standby());
        }
    }

    private boolean applyClaim(HostPool pool, PoolRecord claim) {
        Standby s = pool.get(claim.standby());
        if (s == null) {
            return false;
        }
        s.claimants.add(claim.tenant());
        Versions v = pool.versions;
        boolean current = v != null
                && v.fingerprint().equals(s.fingerprint)
                && !claim.at().isAfter(v.at().plus(fingerprintMaxAge));
        if (s.state != PoolRecord.State.READY || s.retired || s.claimedBy != null || !current) {
            return false;
        }
        s.state = PoolRecord.State.CLAIMED;
        s.claimedBy = claim.tenant();
        s.since = claim.at();
        pool.put(s);
        return true;
    }

    private void forget(String key) {
        String[] parts = key.split("/");
        if (parts.length < 3) {
            return;
        }
        HostPool pool = hosts.get(parts[1]);
        if (pool == null) {
            return;
        }
        switch (parts[0]) {
            case "standby" -> pool.remove(parts[2]);
            case "demand" -> pool.demand.remove(UUID.fromString(parts[2]));
            default -> {
                // A forgotten claim or retire changes nothing: the standby's own record carries the decision.
            }
        }
    }

    synchronized Optional<Standby> find(String host, String name) {
        HostPool pool = hosts.get(host);
        return pool == null
                ? Optional.empty()
                : Optional.ofNullable(pool.get(name)).map(Standby::copy);
    }

    /** The oldest ready standby built on {@code fingerprint} that nobody claimed and nobody retired. */
    synchronized Optional<Standby> candidate(String host, String fingerprint) {
        return unclaimedInPool(host)
                .filter(s -> s.isClaimable() && fingerprint.equals(s.fingerprint))
                .min(Comparator.comparing(Standby::since))
                .map(Standby::copy);
    }

    /** Whether the host has a ready standby that nobody claimed and nobody retired. */
    synchronized boolean anyClaimable(String host) {
        return unclaimedInPool(host).anyMatch(Standby::isClaimable);
    }

    /** Copies of the host's standbys nobody claimed: building, ready and retired ones. */
    synchronized List<Standby> unclaimed(String host) {
        return unclaimedInPool(host).map(Standby::copy).toList();
    }

    /**
     * Copies of the host's claimed standbys that {@code which} selects. A claimed one stays for an hour after its
     * claim (StandbyKeeper), so there are far more of them than standbys to hand out: they are kept apart, and only
     * what a caller selects is copied.
     */
    synchronized List<Standby> claimed(String host, Predicate<Standby> which) {
        HostPool pool = hosts.get(host);
        return pool == null
                ? List.of()
                : pool.claimed.values().stream()
                        .filter(which)
                        .map(Standby::copy)
                        .toList();
    }

    /** The host's unclaimed standbys themselves, not copies: only for reading under this object's lock. */
    private Stream<Standby> unclaimedInPool(String host) {
        HostPool pool = hosts.get(host);
        return pool == null ? Stream.empty() : pool.unclaimed.values().stream();
    }

    synchronized Optional<Versions> versions(String host) {
        HostPool pool = hosts.get(host);
        return pool == null ? Optional.empty() : Optional.ofNullable(pool.versions);
    }

    /** Standbys building and ready (claimable) on the host: what counts toward its target. */
    synchronized int size(String host) {
        return (int) unclaimedInPool(host)
                .filter(s -> s.state == PoolRecord.State.BUILDING || s.isClaimable())
                .count();
    }

    /** Standbys nobody claimed in {@code state} (READY: the claimable ones), retired ones left out. */
    synchronized int count(String host, PoolRecord.State state) {
        return (int) unclaimedInPool(host)
                .filter(s -> state == PoolRecord.State.READY ? s.isClaimable() : s.state == state && !s.retired)
                .count();
    }

    synchronized int total() {
        return hosts.keySet().stream().mapToInt(this::size).sum();
    }

    /** Signups that reached the host at or after {@code since}. */
    synchronized int demandSince(String host, Instant since) {
        HostPool pool = hosts.get(host);
        return pool == null
                ? 0
                : (int) pool.demand.values().stream()
                        .filter(at -> !at.isBefore(since))
                        .count();
    }

    synchronized List<UUID> demandBefore(String host, Instant before) {
        HostPool pool = hosts.get(host);
        return pool == null
                ? List.of()
                : pool.demand.entrySet().stream()
                        .filter(e -> e.getValue().isBefore(before))
                        .map(Map.Entry::getKey)
                        .toList();
    }

    /** The mean of the host's last ten measured builds, if any. */
    synchronized Optional<Duration> buildTime(String host) {
        HostPool pool = hosts.get(host);
        if (pool == null || pool.buildMillis.isEmpty()) {
            return Optional.empty();
        }
        long mean = (long)
                pool.buildMillis.stream().mapToLong(Long::longValue).average().orElse(0);
        return Optional.of(Duration.ofMillis(mean));
    }

    /** A host's latest {@code bench version} reading, as a fingerprint, and when it was taken. */
    record Versions(String fingerprint, Instant at) {}

    /**
     * One host's pool. A standby is in {@code unclaimed} until a claim on it is decided, then in {@code claimed}:
     * what a signup reads (is one claimable, which one, how many) never walks the last hour's claims.
     */
    private static final class HostPool {
        final Map<String, Standby> unclaimed = new LinkedHashMap<>();
        final Map<String, Standby> claimed = new LinkedHashMap<>();
        final Map<UUID, Instant> demand = new LinkedHashMap<>();
        final Deque<Long> buildMillis = new ArrayDeque<>();
        Versions versions;

        Standby get(String name) {
            Standby s = unclaimed.get(name);
            return s != null ? s : claimed.get(name);
        }

        /** Files the standby by whether a claim on it was decided. */
        void put(Standby s) {
            if (s.claimedBy != null) {
                unclaimed.remove(s.name);
                claimed.put(s.name, s);
            } else {
                unclaimed.put(s.name, s);
            }
        }

        void remove(String name) {
            unclaimed.remove(name);
            claimed.remove(name);
        }
    }

    /** One standby as the log says it is (a copy when handed out). */
    static final class Standby {
        private final String host;
        private final String name;
        private PoolRecord.State state = PoolRecord.State.BUILDING;
        private Instant since;
        private String fingerprint;
        private byte[] apiKey;
        private byte[] apiSecret;
        private UUID claimedBy;
        private boolean retired;
        private boolean claimRecorded;
        private final Set<UUID> claimants = new LinkedHashSet<>();

        Standby(String host, String name, Instant since) {
            this.host = host;
            this.name = name;
            this.since = since;
        }

        private Standby copy() {
            Standby c = new Standby(host, name, since);
            c.state = state;
            c.fingerprint = fingerprint;
            c.apiKey = apiKey;
            c.apiSecret = apiSecret;
            c.claimedBy = claimedBy;
            c.retired = retired;
            c.claimRecorded = claimRecorded;
            c.claimants.addAll(claimants);
            return c;
        }

        boolean isClaimable() {
            return state == PoolRecord.State.READY && !retired && claimedBy == null;
        }

        String host() {
            return host;
        }

        String name() {
            return name;
        }

        PoolRecord.State state() {
            return state;
        }

        Instant since() {
            return since;
        }

        String fingerprint() {
            return fingerprint;
        }

        byte[] apiKey() {
            return apiKey;
        }

        byte[] apiSecret() {
            return apiSecret;
        }

        UUID claimedBy() {
            return claimedBy;
        }

        boolean retired() {
            return retired;
        }

        boolean claimRecorded() {
            return claimRecorded;
        }

        List<UUID> claimants() {
            return new ArrayList<>(claimants);
        }
    }
}
