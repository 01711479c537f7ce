package io.benchline.provisioner.hosts.checks;

import io.benchline.provisioner.hosts.BenchHost;
import io.benchline.provisioner.hosts.BenchHostPool;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every configured bench host at start and then every {@code interval}, each host on its own schedule (an
 * unreachable host's connect timeout delays no other). A host takes no work before its first passing check, and
 * none after a failing one until a later check passes. Keeps each host's latest report for health and metrics and
 * logs each change of verdict (not every repeat of the same one).
 */
final class HostDoctor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HostDoctor.class);
    private static final int MAX_THREADS = 4;

    private final BenchHostPool pool;
    private final HostPreconditionsCheck check;
    private final Duration interval;
    private final Map<String, HostCheckReport> latest = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final HostCheckMetrics metrics;

    HostDoctor(BenchHostPool pool, HostPreconditionsCheck check, HostCheckMetrics metrics, Duration interval) {
        this.pool = pool;
        this.check = check;
        this.metrics = metrics;
        this.interval = interval;
        AtomicInteger count = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(
                Math.min(MAX_THREADS, pool.hosts().size()), runnable -> {
                    Thread thread = new Thread(runnable, "host-check-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Holds every host until its first check, then schedules the checks. */
    void start() {
        for (BenchHost host : pool.hosts()) {
            pool.holdUntilChecked(host.id());
        }
        for (BenchHost host : pool.hosts()) {
            scheduler.scheduleWithFixedDelay(() -> checkSafely(host), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    List<BenchHost> hosts() {
        return pool.hosts();
    }

    /** The host's latest report, or null before its first check ended. */
    HostCheckReport latest(String hostId) {
        return latest.get(hostId);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private void checkSafely(BenchHost host) {
        try {
            record(check.check(host));
        } catch (RuntimeException e) {
            // A bug in a check must not end the schedule (a thrown task is never run again).
            log.error("preconditions check of bench host {} failed unexpectedly", host.id(), e);
        }
    }

    private void record(HostCheckReport report) {
        // The scheduler and the metrics take the verdict before health shows it: whoever reads a verdict on
        // /actuator/health can rely on work already going elsewhere and on the gauge already saying so.
        if (report.healthy()) {
            pool.checkPassed(report.hostId());
        } else {
            pool.checkFailed(report.hostId(), report.summary());
        }
        metrics.checked(report);
        HostCheckReport previous = latest.put(report.hostId(), report);
        boolean changed = previous == null
                || previous.healthy() != report.healthy()
                || !Objects.equals(previous.problems(), report.problems());
        if (!changed) {
            return;
        }
        if (report.healthy()) {
            log.info(
                    "bench host {} passed its preconditions check (bench {}, {}): it takes work",
                    report.hostId(),
                    report.benchVersion(),
                    report.appVersions());
        } else {
            log.warn("bench host {} takes no new work: {}", report.hostId(), report.summary());
        }
    }
}
