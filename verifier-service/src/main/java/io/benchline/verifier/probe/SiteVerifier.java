package io.benchline.verifier.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Repeats the probe of one site on its {@link ProbeSchedule} until the site answers as Administrator, a probe
 * says retrying cannot help, rejected keys were retried {@code rejectedRetries} times, or the schedule is spent.
 * Waits are Reactor timers on a shared scheduler, so a site waiting between probes holds no thread.
 */
public final class SiteVerifier {

    private final Function<ProbeTarget, Mono<ProbeResult>> probe;
    private final ProbeSchedule schedule;
    private final int rejectedRetries;
    private final Scheduler timer;
    private final Supplier<RandomGenerator> random;

    /**
     * @param random the jitter's source, asked on the thread that draws (e.g. {@code ThreadLocalRandom::current})
     * @param rejectedRetries how often a 401/403 is probed again: keys can be refused for a moment while a proxy
     *     still routes the name to another site, but a rotated secret never recovers
     */
    public SiteVerifier(
            Function<ProbeTarget, Mono<ProbeResult>> probe,
            ProbeSchedule schedule,
            int rejectedRetries,
            Scheduler timer,
            Supplier<RandomGenerator> random) {
        this.probe = probe;
        this.schedule = schedule;
        this.rejectedRetries = rejectedRetries;
        this.timer = timer;
        this.random = random;
    }

    /**
     * @param startedAt when this site's verification began; a verification resumed after a restart passes the
     *     original start so the deadline does not move
     * @param notAfter no probe is sent after this instant, whatever the schedule allows (the signup's deadline)
     */
    public Mono<Verdict> verify(ProbeTarget target, Instant startedAt, Instant notAfter) {
        return probeAfter(schedule.firstDelay(), target, startedAt, notAfter, 0, 0);
    }

    private Mono<Verdict> probeAfter(
            Duration wait, ProbeTarget target, Instant startedAt, Instant notAfter, int sent, int rejected) {
        Mono<ProbeResult> next = wait.isZero()
                ? probe.apply(target)
                : Mono.delay(wait, timer).then(Mono.defer(() -> probe.apply(target)));
        return next.flatMap(result -> {
            int attempts = sent + 1;
            int rejections = result.outcome() == ProbeOutcome.KEYS_REJECTED ? rejected + 1 : rejected;
            Duration elapsed = elapsedSince(startedAt);
            Verdict verdict = new Verdict(result, attempts, elapsed);
            if (!result.outcome().retryable() || rejections > rejectedRetries) {
                return Mono.just(verdict);
            }
            Instant now = Instant.ofEpochMilli(timer.now(TimeUnit.MILLISECONDS));
            Optional<Duration> delay = schedule.nextDelay(attempts, elapsed, random.get())
                    .filter(d -> !now.plus(d).isAfter(notAfter));
            return delay.map(d -> probeAfter(d, target, startedAt, notAfter, attempts, rejections))
                    .orElseGet(() -> Mono.just(verdict));
        });
    }

    private Duration elapsedSince(Instant startedAt) {
        long elapsed = timer.now(TimeUnit.MILLISECONDS) - startedAt.toEpochMilli();
        return Duration.ofMillis(Math.max(0, elapsed));
    }
}
