package io.benchline.verifier.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.platform.secrets.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The probe loop on virtual time: the site is a script of answers, the clock is Reactor's virtual scheduler. */
class SiteVerifierTests {

    private static final ProbeTarget TARGET =
            new ProbeTarget("acme.localhost", "http://acme.localhost:8000", Secret.of("k"), Secret.of("s"));
    private static final ProbeResult NOT_ROUTED = new ProbeResult(ProbeOutcome.UNREACHABLE, "HTTP 404");
    private static final ProbeResult ACTIVE = new ProbeResult(ProbeOutcome.ACTIVE, "HTTP 200");
    private static final ProbeResult REJECTED = new ProbeResult(ProbeOutcome.KEYS_REJECTED, "HTTP 401");
    private static final ProbeResult BAD_GATEWAY = new ProbeResult(ProbeOutcome.SERVER_ERROR, "HTTP 502");

    private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
    private final List<Long> probedAtMillis = new ArrayList<>();
    private final SplittableRandom random = new SplittableRandom(3);

    @Test
    void answersAtOnceWhenTheFirstProbeSucceeds() {
        Verdict verdict = run(script(ACTIVE), Instant.ofEpochMilli(0));

        assertThat(verdict.active()).isTrue();
        assertThat(verdict.attempts()).isEqualTo(1);
        assertThat(probedAtMillis).containsExactly(0L);
    }

    @Test
    void keepsProbingAnUnroutedSiteUntilItAnswers() {
        Verdict verdict = run(script(NOT_ROUTED, NOT_ROUTED, NOT_ROUTED, ACTIVE), Instant.ofEpochMilli(0));

        assertThat(verdict.active()).isTrue();
        assertThat(verdict.attempts()).isEqualTo(4);
        assertThat(probedAtMillis).hasSize(4).isSorted();
        assertThat(verdict.elapsed().toMillis()).isEqualTo(probedAtMillis.get(3));
    }

    @Test
    void givesUpOnRejectedKeysAfterTheConfiguredRetries() {
        Verdict verdict = run(always(REJECTED), Instant.ofEpochMilli(0));

        assertThat(verdict.last().outcome()).isEqualTo(ProbeOutcome.KEYS_REJECTED);
        assertThat(verdict.attempts()).isEqualTo(3); // the first 401 and two retries
    }

    @Test
    void givesUpAtTheDeadlineWithTheLastProbesReason() {
        Verdict verdict = run(always(BAD_GATEWAY), Instant.ofEpochMilli(0));

        assertThat(verdict.last().outcome()).isEqualTo(ProbeOutcome.SERVER_ERROR);
        assertThat(probedAtMillis).allSatisfy(at -> assertThat(at).isLessThanOrEqualTo(30_000L));
        // A 502 is worth retrying: more than one probe, spread out, and no giving up before the budget is spent.
        assertThat(verdict.attempts()).isEqualTo(probedAtMillis.size()).isBetween(2, 8);
        assertThat(probedAtMillis).isSorted().doesNotHaveDuplicates();
        assertThat(verdict.attempts() == 8 || probedAtMillis.get(probedAtMillis.size() - 1) == 30_000L)
                .as("gave up only after the last allowed attempt or at the deadline, probes at %s", probedAtMillis)
                .isTrue();
    }

    @Test
    void stopsAtOnceWhenTheProbeCannotBeSent() {
        Verdict verdict =
                run(always(new ProbeResult(ProbeOutcome.MISCONFIGURED, "plain HTTP refused")), Instant.ofEpochMilli(0));

        assertThat(verdict.attempts()).isEqualTo(1);
        assertThat(verdict.last().outcome()).isEqualTo(ProbeOutcome.MISCONFIGURED);
    }

    @Test
    void aResumedVerificationKeepsItsOriginalDeadline() {
        clock.advanceTimeTo(Instant.ofEpochMilli(100_000));
        Verdict verdict = run(always(NOT_ROUTED), Instant.ofEpochMilli(100_000 - 28_000));

        assertThat(probedAtMillis).allSatisfy(at -> assertThat(at).isBetween(100_000L, 102_000L));
        assertThat(probedAtMillis.get(0))
                .as("the resumed verification probes at once")
                .isEqualTo(100_000L);
        // Elapsed counts from the original start, 28 s before the resume, not from the resume.
        assertThat(verdict.elapsed()).isBetween(Duration.ofSeconds(28), Duration.ofSeconds(30));
    }

    @Test
    void sendsNoProbeAfterTheSignupsDeadline() {
        Verdict verdict = run(always(NOT_ROUTED), Instant.ofEpochMilli(0), Instant.ofEpochMilli(3_000));

        assertThat(probedAtMillis).allSatisfy(at -> assertThat(at).isLessThanOrEqualTo(3_000L));
        assertThat(verdict.last().outcome()).isEqualTo(ProbeOutcome.UNREACHABLE);
    }

    private Verdict run(Deque<ProbeResult> answers, Instant startedAt) {
        return run(answers, startedAt, Instant.MAX);
    }

    private Verdict run(Deque<ProbeResult> answers, Instant startedAt, Instant notAfter) {
        SiteVerifier verifier = new SiteVerifier(
                target -> Mono.fromSupplier(() -> {
                    probedAtMillis.add(clock.now(TimeUnit.MILLISECONDS));
                    return answers.size() > 1 ? answers.poll() : answers.peek();
                }),
                new JitteredBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8), 2.0, 8, Duration.ofSeconds(30)),
                2,
                clock,
                () -> random);
        List<Verdict> verdicts = new ArrayList<>();
        StepVerifier.withVirtualTime(() -> verifier.verify(TARGET, startedAt, notAfter), () -> clock, 1)
                .thenAwait(Duration.ofMinutes(5))
                .consumeNextWith(verdicts::add)
                .verifyComplete();
        return verdicts.get(0);
    }

    private static Deque<ProbeResult> script(ProbeResult... answers) {
        return new ArrayDeque<>(List.of(answers));
    }

    private static Deque<ProbeResult> always(ProbeResult answer) {
        return script(answer);
    }
}
