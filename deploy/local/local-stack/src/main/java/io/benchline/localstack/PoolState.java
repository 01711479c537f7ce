package io.benchline.localstack;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The provisioner's standby pool as its exported gauges show it (provisioner-service README, "Standby pool"): per
 * bench host, the standbys ready to be claimed and the pool's current target. Read from {@code /actuator/prometheus}
 * only, as an operator's dashboard reads it.
 */
record PoolState(Map<String, Integer> ready, Map<String, Integer> target) {

    static final String STANDBYS = "benchline_pool_standbys";
    static final String TARGET = "benchline_pool_target";
    /** Standby builds that ended, by {@code outcome}; {@code ready} ones are the standbys built. */
    static final String BUILDS = "benchline_pool_builds_total";
    /** Standbys dropped because the host's app versions changed since they were built. */
    static final String RECYCLED = "benchline_pool_stale_recycled_total";

    static final String CLAIMS = "benchline_pool_claims_total";

    /** How often a launcher waiting for the pool scrapes; a gauge moves once per standby built. */
    private static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);

    static PoolState of(PrometheusScrape scrape) {
        Map<String, Integer> ready = new TreeMap<>();
        Map<String, Integer> target = new TreeMap<>();
        for (PrometheusScrape.Sample s : scrape.find(TARGET, Map.of())) {
            target.merge(s.labels().getOrDefault("host", "?"), (int) s.value(), Integer::sum);
        }
        for (PrometheusScrape.Sample s : scrape.find(STANDBYS, Map.of("state", "ready"))) {
            ready.merge(s.labels().getOrDefault("host", "?"), (int) s.value(), Integer::sum);
        }
        return new PoolState(ready, target);
    }

    static PoolState of(LocalStack stack) {
        return of(PrometheusScrape.of(stack, "provisioner-service"));
    }

    /** Ready standbys on all hosts together. */
    int readyTotal() {
        return ready.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Some host wants standbys, and every host has at least its target ready. */
    boolean warm() {
        return target.values().stream().anyMatch(t -> t > 0)
                && target.entrySet().stream().allMatch(e -> ready.getOrDefault(e.getKey(), 0) >= e.getValue());
    }

    String describe() {
        StringBuilder out = new StringBuilder();
        target.forEach((host, t) -> out.append(out.isEmpty() ? "" : ", ")
                .append(host)
                .append(' ')
                .append(ready.getOrDefault(host, 0))
                .append(" ready of target ")
                .append(t));
        return out.isEmpty() ? "no pool gauges yet" : out.toString();
    }

    /**
     * Waits until the pool is {@link #warm()}, reporting progress now and then; returns how long that took. Fails
     * after {@code limit}. A launcher waiting for another process, not a test: it polls the scrape.
     */
    static Duration awaitWarm(LocalStack stack, Duration limit, Consumer<String> progress) {
        long start = System.nanoTime();
        long nextReport = start + PROGRESS_EVERY.toNanos();
        PoolState state = null;
        while (System.nanoTime() - start < limit.toNanos()) {
            try {
                state = of(stack);
                if (state.warm()) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            } catch (IllegalStateException notYet) {
                // provisioner's endpoint is busy or restarting; the next scrape tells
            }
            if (System.nanoTime() >= nextReport) {
                progress.accept(String.format(
                        "pool warming: %s after %.0f s",
                        state == null ? "no scrape yet" : state.describe(), (System.nanoTime() - start) / 1e9));
                nextReport += PROGRESS_EVERY.toNanos();
            }
            try {
                Thread.sleep(SCRAPE_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the pool", e);
            }
        }
        throw new IllegalStateException("pool not warm after " + limit.toSeconds() + " s: "
                + (state == null ? "provisioner never scraped" : state.describe()));
    }
}
