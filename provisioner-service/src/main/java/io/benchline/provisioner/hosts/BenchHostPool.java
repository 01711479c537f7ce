package io.benchline.provisioner.hosts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bench hosts and their slots. Hands out the slot of the least busy healthy host; a host found unreachable is
 * skipped for a cool-down and then offered again, so the next provisioning that picks it re-checks it.
 */
public final class BenchHostPool {

    private final Map<String, BenchHost> hosts = new LinkedHashMap<>();
    private final Map<String, Integer> busy = new HashMap<>();
    private final Map<String, Instant> unhealthyUntil = new HashMap<>();
    private final Map<String, String> lastProblem = new LinkedHashMap<>();
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

    /** The last problem of each host currently skipped, for failure messages. */
    public synchronized String problems() {
        StringBuilder text = new StringBuilder();
        lastProblem.forEach((id, why) ->
                text.append(text.isEmpty() ? "" : "; ").append(id).append(": ").append(why));
        return text.toString();
    }

    synchronized void release(String hostId) {
        busy.merge(hostId, -1, Integer::sum);
    }

    private boolean healthy(BenchHost host) {
        Instant until = unhealthyUntil.get(host.id());
        return until == null || !clock.instant().isBefore(until);
    }

    private SlotLease lease(BenchHost host) {
        busy.merge(host.id(), 1, Integer::sum);
        return new SlotLease(host, this);
    }
}
