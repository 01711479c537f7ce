package io.benchline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoadDriverThreadsTests {

    @Test
    void countsTheCpuOfTheDriverAndOfTheThreadsItMakesButNotTheCallers() throws Exception {
        try (LoadDriverThreads driver = new LoadDriverThreads()) {
            double before = driver.cpuSeconds();
            CountDownLatch spun = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);

            driver.call(() -> {
                spin(200);
                // A thread the driver makes (as a client makes its network thread) is the driver's too.
                Thread child = new Thread(
                        () -> {
                            spin(200);
                            spun.countDown();
                            awaitQuietly(release);
                        },
                        "made-by-the-driver");
                child.start();
                return null;
            });
            assertThat(spun.await(30, TimeUnit.SECONDS)).isTrue();
            double withChild = driver.cpuSeconds();
            release.countDown();
            spin(300); // the caller's own CPU is not the driver's

            assertThat(withChild - before).isGreaterThanOrEqualTo(0.35);
            assertThat(driver.cpuSeconds() - withChild)
                    .as("after the caller spun")
                    .isLessThan(0.1);
        }
    }

    @Test
    void theHttpClientsThreadsBelongToTheDriver() throws Exception {
        try (LoadDriverThreads driver = new LoadDriverThreads()) {
            HttpClient http = driver.httpClient();

            assertThat(http.executor()).isPresent();
            assertThat(Thread.getAllStackTraces().keySet())
                    .filteredOn(t -> t.getName().endsWith("-SelectorManager"))
                    .anySatisfy(t -> assertThat(t.getThreadGroup().getName()).isEqualTo("load-driver"));
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Burns CPU on the calling thread for about {@code millis} of its own CPU time. */
    private static void spin(long millis) {
        var threads = ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + millis * 1_000_000;
        long x = 0;
        while (threads.getCurrentThreadCpuTime() < until) {
            x += System.nanoTime() % 7;
        }
        if (x == 42) {
            System.out.print("");
        }
    }
}
