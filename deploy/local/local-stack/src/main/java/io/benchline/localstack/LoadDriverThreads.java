package io.benchline.localstack;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark's load driver runs in the launcher's JVM beside the Frappe simulator; its threads live in a thread
 * group of their own, so their CPU time can be told from the simulator's (which is the rest of the launcher's). A
 * thread made by a driver thread joins its group (the HTTP client's selector, the Kafka consumer's heartbeat), and the
 * HTTP client's workers ({@link #httpClient()}) are kept alive for the whole run: the CPU time of a thread that
 * has ended cannot be read any more.
 */
final class LoadDriverThreads implements AutoCloseable {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final ThreadGroup group = new ThreadGroup("load-driver");
    private final AtomicInteger made = new AtomicInteger();
    /** Every thread the driver made, by id: a worker that ended keeps the CPU time last read from it. */
    private final Map<Long, Long> lastCpuNanos = new ConcurrentHashMap<>();

    private final ExecutorService driver = Executors.newSingleThreadExecutor(this::thread);
    private final ExecutorService workers =
            new ThreadPoolExecutor(0, Integer.MAX_VALUE, 1, TimeUnit.HOURS, new SynchronousQueue<>(), this::thread);

    LoadDriverThreads() {
        if (THREADS.isThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
    }

    /** Runs {@code work} on a driver thread, so whatever it makes (clients, their threads) belongs to the driver. */
    <T> T call(Callable<T> work) throws Exception {
        Future<T> result = driver.submit(work);
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (InterruptedException e) {
            result.cancel(true);
            throw e;
        }
    }

    /** An HTTP client made on a driver thread (its selector thread joins the group), answering on driver threads. */
    HttpClient httpClient() {
        try {
            return call(() -> HttpClient.newBuilder().executor(workers).build());
        } catch (Exception e) {
            throw new IllegalStateException("could not make the load driver's HTTP client", e);
        }
    }

    /**
     * CPU seconds of every thread of the driver's group so far (NaN where the JVM cannot tell). Read at the start and
     * the end of the run, as the processes' CPU times are.
     */
    double cpuSeconds() {
        if (!THREADS.isThreadCpuTimeSupported()) {
            return Double.NaN;
        }
        Thread[] live = new Thread[group.activeCount() + 16];
        int count = group.enumerate(live, true);
        for (int i = 0; i < count; i++) {
            long cpu = THREADS.getThreadCpuTime(live[i].getId());
            if (cpu >= 0) {
                lastCpuNanos.merge(live[i].getId(), cpu, Math::max);
            }
        }
        return lastCpuNanos.values().stream().mapToLong(Long::longValue).sum() / 1e9;
    }

    private Thread thread(Runnable task) {
        Thread thread = new Thread(group, task, "load-driver-" + made.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() {
        driver.shutdownNow();
        workers.shutdownNow();
    }
}
