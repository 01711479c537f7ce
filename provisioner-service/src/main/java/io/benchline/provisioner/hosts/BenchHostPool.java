package io.benchline.provisioner.hosts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bench hosts and their slots. Hands out the slot of the least busy healthy host. Two things make a host
 * unhealthy: a failed host preconditions check (it takes no new work until a later check passes; a host held for
 * checks takes none before its first check either), and a provisioning that found it unreachable (skipped for a
 * cool-down, then offered again, so the next provisioning that picks it re-checks it).
 */
public final class BenchHostPool {

    private final Map<String, BenchHost> hosts = new LinkedHashMap<>();
    private final Map<String, Integer> busy = new HashMap<>();
    private final Map<String, Instant> unhealthyUntil = new HashMap<>();
    private final Map<String, String> lastProblem = new LinkedHashMap<>();
    private final Set<String> awaitingCheck = new HashSet<>();
    private final Map<String, String> failedCheck = new LinkedHashMap<>();
    private final Duration coolDown;
    private final Clock clock;

    public BenchHostPool(List<BenchHost> configured, Duration coolDown, Clock clock) {
        if (configured.isEmpty()) {
            throw new IllegalArgumentException("configure at least one bench host (benchline.provisioner.hosts)");
        }
        for (BenchHost host : configured) {
            if (hosts.putIfAbsent(host.id(), host) != null) {
                throw new IllegalArgumentException("bench host id " + host.id() + " is configured twice");
            }
            busy.put(host.id(), 0);
        }
        this.coolDown = coolDown;
        this.clock = clock;
    }

    public List<BenchHost> hosts() {
        return List.copyOf(hosts.values());
    }

    public Optional<BenchHost> host(String id) {
        return Optional.ofNullable(hosts.get(id));
    }

    public int totalSlots() {
        return hosts.values().stream().mapToInt(BenchHost::slots).sum();
    }

    public synchronized int busySlots(String hostId) {
        return busy.getOrDefault(hostId, 0);
    }

    /** The slot of the healthy host of that site domain with the lowest share of busy slots, if one has room. */
    public synchronized Optional<SlotLease> acquireLeastBusy(String siteDomain) {
        return hosts.values().stream()
                .filter(h -> h.siteDomain().equals(siteDomain))
                .filter(this::healthy)
                .filter(h -> busy.get(h.id()) < h.slots())
                .min(Comparator.comparingDouble((BenchHost h) -> (double) busy.get(h.id()) / h.slots())
                        .thenComparingInt(h -> busy.get(h.id())))
                .map(this::lease);
    }

    /** A slot on this host (a provisioning that already has its site there), if it is healthy and has room. */
    public synchronized Optional<SlotLease> acquire(String hostId) {
        BenchHost host = hosts.get(hostId);
        if (host == null || !healthy(host) || busy.get(hostId) >= host.slots()) {
            return Optional.empty();
        }
        return Optional.of(lease(host));
    }

    public synchronized boolean anyHealthy() {
        return hosts.values().stream().anyMatch(this::healthy);
    }

    /** Skips the host for the cool-down; {@code why} (no secrets) explains a later NO_BENCH_HOST_AVAILABLE. */
    public synchronized void markUnreachable(String hostId, String why) {
        unhealthyUntil.put(hostId, clock.instant().plus(coolDown));
        lastProblem.put(hostId, why);
    }

    public synchronized void markReachable(String hostId) {
        unhealthyUntil.remove(hostId);
        lastProblem.remove(hostId);
    }

    /** Whether a healthy host serves this site domain (busy or not). */
    public synchronized boolean anyHealthy(String siteDomain) {
        return hosts.values().stream()
                .filter(h -> h.siteDomain().equals(siteDomain))
                .anyMatch(this::healthy);
    }

    /** The host takes no work until its first preconditions check has passed. */
    public synchronized void holdUntilChecked(String hostId) {
        requireKnown(hostId);
        awaitingCheck.add(hostId);
    }

    /** A preconditions check passed: the host takes work again (it was reached, so any cool-down ends too). */
    public synchronized void checkPassed(String hostId) {
        requireKnown(hostId);
        awaitingCheck.remove(hostId);
        failedCheck.remove(hostId);
        markReachable(hostId);
    }

    /** A preconditions check failed: no new work until a later check passes; {@code why} has no secrets. */
    public synchronized void checkFailed(String hostId, String why) {
        requireKnown(hostId);
        awaitingCheck.remove(hostId);
        failedCheck.put(hostId, why);
    }

    /** The last problem of each host currently skipped, for failure messages. */
    public synchronized String problems() {
        Map<String, String> all = new LinkedHashMap<>();
        hosts.keySet().stream()
                .filter(awaitingCheck::contains)
                .forEach(id -> all.put(id, "preconditions not checked yet"));
        all.putAll(failedCheck);
        lastProblem.forEach((id, why) -> all.merge(id, why, (a, b) -> a + "; " + b));
        StringBuilder text = new StringBuilder();
        all.forEach((id, why) ->
                text.append(text.isEmpty() ? "" : "; ").append(id).append(": ").append(why));
        return text.toString();
    }

    synchronized void release(String hostId) {
        busy.merge(hostId, -1, Integer::sum);
    }

    private boolean healthy(BenchHost host) {
        if (awaitingCheck.contains(host.id()) || failedCheck.containsKey(host.id())) {
            return false;
        }
        Instant until = unhealthyUntil.get(host.id());
        return until == null || !clock.instant().isBefore(until);
    }

    private void requireKnown(String hostId) {
        if (!hosts.containsKey(hostId)) {
            throw new IllegalArgumentException("no bench host " + hostId);
        }
    }

    private SlotLease lease(BenchHost host) {
        busy.merge(host.id(), 1, Integer::sum);
        return new SlotLease(host, this);
    }
}
