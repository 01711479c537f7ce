package io.benchline.provisioner.provisioning;

import io.benchline.provisioner.hosts.BenchHostPool;
import io.benchline.provisioner.hosts.SlotLease;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs accepted tenants on the bench hosts' slots, off the consumer thread: the listener only records a tenant in
 * the ledger and submits it here, so the consumer keeps polling however long a provisioning takes. Waiting tenants
 * get the next free slot in arrival order; when more than {@code backlog} are waiting the intake is paused (the
 * consumer still polls, paused) and resumed once the backlog drains.
 */
public final class SlotScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SlotScheduler.class);

    private final BenchHostPool pool;
    private final SiteProvisioner provisioner;
    private final Intake intake;
    private final SchedulerSettings settings;
    private final Clock clock;
    private final ExecutorService workers = Executors.newCachedThreadPool(named("slot-worker"));
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(named("slot-ticker"));
    private final Map<UUID, Waiting> waiting = new LinkedHashMap<>();
    private final Map<UUID, Running> running = new HashMap<>();
    /** Tenants submitted again while their cancelled run was still ending: resumed as soon as it has. */
    private final Map<UUID, LedgerEntry> resubmitted = new HashMap<>();

    private boolean closed;

    public SlotScheduler(
            BenchHostPool pool,
            SiteProvisioner provisioner,
            Intake intake,
            SchedulerSettings settings,
            ProvisioningMetrics metrics,
            Clock clock) {
        this.pool = pool;
        this.provisioner = provisioner;
        this.intake = intake;
        this.settings = settings;
        this.clock = clock;
        metrics.watch(this::inFlight, this::waitingCount, intake::isPaused);
        long tick = settings.tick().toMillis();
        ticker.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Takes a tenant from its ledger entry; a tenant already waiting or running here is left alone. */
    public synchronized void submit(LedgerEntry entry) {
        if (closed || entry.isSettled()) {
            return;
        }
        Running run = running.get(entry.tenantId());
        if (run != null && run.isCancelled()) {
            // E.g. a partition lost (session timeout after a pause) and assigned back at once: the old run is still
            // ending and will record nothing more, so without this the tenant would wait for the next rebalance.
            resubmitted.put(entry.tenantId(), entry);
            return;
        }
        if (isActive(entry.tenantId())) {
            return;
        }
        if (!provisioner.needsSlot(entry)) {
            start(entry, null, null);
            return;
        }
        waiting.put(entry.tenantId(), new Waiting(entry, clock.instant(), null));
        dispatch();
    }

    /**
     * Stops one tenant's run here (an operator's retry supersedes the attempt it works on): taken out of the queue, or
     * cancelled (its command abandoned, nothing more recorded or emitted). Returns once it no longer runs, or false
     * when it still does after {@code wait}.
     */
    public synchronized boolean stop(UUID tenantId, Duration wait) {
        waiting.remove(tenantId);
        Running run = running.get(tenantId);
        if (run != null) {
            run.cancel();
        }
        adjustIntake();
        long deadline = System.nanoTime() + wait.toNanos();
        while (running.containsKey(tenantId)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                // work() notifies when a run ends.
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    public synchronized boolean isActive(UUID tenantId) {
        return waiting.containsKey(tenantId) || running.containsKey(tenantId);
    }

    /** Stops the tenants of partitions this instance lost: their new owner resumes them from the ledger. */
    public synchronized void release(Collection<Integer> partitions) {
        waiting.values().removeIf(w -> partitions.contains(w.entry().partition()));
        resubmitted.values().removeIf(e -> partitions.contains(e.partition()));
        running.values().stream()
                .filter(r -> partitions.contains(r.partition()))
                .forEach(Running::cancel);
        adjustIntake();
    }

    public synchronized int inFlight() {
        return running.size();
    }

    public synchronized int waitingCount() {
        return waiting.size();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            waiting.clear();
            running.values().forEach(Running::cancel);
        }
        ticker.shutdownNow();
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(3, TimeUnit.SECONDS)) {
                log.warn("slot workers still busy at shutdown; their tenants resume from the ledger");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void dispatch() {
        for (Iterator<Waiting> it = waiting.values().iterator(); it.hasNext(); ) {
            Waiting next = it.next();
            LedgerEntry entry = next.entry();
            Optional<SlotLease> lease = entry.hostId() != null
                    ? pool.acquire(entry.hostId())
                    : provisioner.siteDomain(entry).flatMap(pool::acquireLeastBusy);
            if (lease.isPresent()) {
                it.remove();
                start(entry, lease.get(), next.hostTroubleSince());
            }
        }
        adjustIntake();
    }

    /** @param hostTroubleSince when this tenant first had to leave a host, or null */
    private void start(LedgerEntry entry, SlotLease lease, Instant hostTroubleSince) {
        AtomicBoolean cancelled = new AtomicBoolean();
        Running run = new Running(entry.partition(), cancelled);
        running.put(entry.tenantId(), run);
        run.future = workers.submit(() -> work(entry, lease, cancelled, hostTroubleSince));
    }

    private void work(LedgerEntry entry, SlotLease lease, AtomicBoolean cancelled, Instant hostTroubleSince) {
        RunEnd end = RunEnd.CANCELLED;
        try {
            end = lease == null
                    ? provisioner.settleWithoutSlot(entry, cancelled::get)
                    : provisioner.provision(entry, lease, cancelled::get, () -> freeSlot(lease));
        } catch (RuntimeException e) {
            // A bug: Kafka being away is waited for by the run itself (RunRecord), never ends up here. The entry
            // stays unsettled and resumes after a restart or rebalance.
            log.error("tenant {}: provisioning stopped by an unexpected error", entry.tenantId(), e);
        } finally {
            if (lease != null) {
                lease.close();
            }
            synchronized (this) {
                running.remove(entry.tenantId());
                notifyAll();
                resubmitIfAsked(entry);
                if (end == RunEnd.REQUEUE && !closed && !cancelled.get()) {
                    // The wait for a usable host runs from the FIRST host that failed this tenant: a host offered
                    // again after its cool-down, failing again, must not restart it (or it never ends).
                    Instant now = clock.instant();
                    Instant trouble = hostTroubleSince != null ? hostTroubleSince : now;
                    waiting.put(entry.tenantId(), new Waiting(provisioner.latest(entry), now, trouble));
                }
                if (!closed) {
                    dispatch();
                }
            }
        }
    }

    /**
     * Frees a run's slot before the run ends (its host is no longer needed, only the outcome's Kafka bookkeeping is
     * left) and gives it to the next waiting tenant. The tenant stays running here until its run ends.
     */
    private void freeSlot(SlotLease lease) {
        lease.close();
        synchronized (this) {
            if (!closed) {
                dispatch();
            }
        }
    }

    private void tick() {
        try {
            synchronized (this) {
                List<Waiting> stale = new ArrayList<>();
                Instant now = clock.instant();
                for (Waiting w : waiting.values()) {
                    boolean expired = !provisioner.needsSlot(w.entry());
                    boolean noHost = provisioner
                                    .siteDomain(w.entry())
                                    .map(domain -> !pool.anyHealthy(domain))
                                    .orElse(true)
                            && w.waitingForAHostSince()
                                    .plus(settings.hostWaitTimeout())
                                    .isBefore(now);
                    if (expired || noHost) {
                        stale.add(w);
                    }
                }
                for (Waiting w : stale) {
                    waiting.remove(w.entry().tenantId());
                    if (!provisioner.needsSlot(w.entry())) {
                        start(w.entry(), null, null);
                    } else {
                        failWaiting(w.entry());
                    }
                }
                dispatch();
            }
        } catch (RuntimeException e) {
            log.error("slot scheduler tick failed", e);
        }
    }

    private void failWaiting(LedgerEntry entry) {
        AtomicBoolean cancelled = new AtomicBoolean();
        Running run = new Running(entry.partition(), cancelled);
        running.put(entry.tenantId(), run);
        String message = "no bench host could take the site for " + settings.hostWaitTimeout() + ": " + pool.problems();
        run.future = workers.submit(() -> {
            try {
                provisioner.failWaiting(entry, message, cancelled::get);
            } finally {
                synchronized (this) {
                    running.remove(entry.tenantId());
                    notifyAll();
                    resubmitIfAsked(entry);
                }
            }
        });
    }

    private void resubmitIfAsked(LedgerEntry ended) {
        LedgerEntry again = resubmitted.remove(ended.tenantId());
        if (again != null && !closed) {
            LedgerEntry latest = provisioner.latest(again);
            log.info("tenant {}: resumed from the ledger after its stopped run ended", ended.tenantId());
            submit(latest);
        }
    }

    private void adjustIntake() {
        if (closed) {
            return;
        }
        if (waiting.size() >= settings.backlog() && !intake.isPaused()) {
            log.info("all slots busy and {} tenants waiting: pausing intake", waiting.size());
            intake.pause();
        } else if (waiting.size() < settings.backlog() && intake.isPaused()) {
            log.info("a slot is free: resuming intake");
            intake.resume();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** @param hostTroubleSince when the tenant first had to leave a host (unreachable, unfit), or null */
    private record Waiting(LedgerEntry entry, Instant since, Instant hostTroubleSince) {

        Instant waitingForAHostSince() {
            return hostTroubleSince != null ? hostTroubleSince : since;
        }
    }

    private static final class Running {
        private final int partition;
        private final AtomicBoolean cancelled;
        private Future<?> future;

        Running(int partition, AtomicBoolean cancelled) {
            this.partition = partition;
            this.cancelled = cancelled;
        }

        int partition() {
            return partition;
        }

        boolean isCancelled() {
            return cancelled.get();
        }

        void cancel() {
            cancelled.set(true);
            if (future != null) {
                future.cancel(true);
            }
        }
    }
}
