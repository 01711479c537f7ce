package io.benchline.operator.canary;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code benchline_canary_runs_total{outcome}}, {@code benchline_canary_duration_seconds} (POST to the logged-in
 * hand-off, successful hand-offs only) and {@code benchline_canary_consecutive_failures}, which the alert
 * {@code BenchlineSignupCanaryFailing} reads. Both outcomes are registered at start, so a first failure is a step
 * from 0 that {@code increase()} sees.
 */
final class CanaryMetrics {

    private final Counter successes;
    private final Counter failures;
    private final Timer duration;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();

    CanaryMetrics(MeterRegistry registry) {
        this.successes = runs(registry, "success");
        this.failures = runs(registry, "failure");
        this.duration = Timer.builder("benchline.canary.duration")
                .description("Signup canary: from the POST to the customer logged in on the new site")
                .register(registry);
        Gauge.builder("benchline.canary.consecutive.failures", consecutiveFailures, AtomicInteger::get)
                .description("Signup canary runs that failed in a row (0 after a success)")
                .register(registry);
    }

    private static Counter runs(MeterRegistry registry, String outcome) {
        return Counter.builder("benchline.canary.runs")
                .description("Signup canary runs by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    void handOff(Duration toHandOff) {
        duration.record(toHandOff);
    }

    void succeeded() {
        successes.increment();
        consecutiveFailures.set(0);
    }

    void failed() {
        failures.increment();
        consecutiveFailures.incrementAndGet();
    }

    int consecutiveFailures() {
        return consecutiveFailures.get();
    }
}
