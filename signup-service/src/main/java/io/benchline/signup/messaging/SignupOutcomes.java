package io.benchline.signup.messaging;

import io.benchline.signup.status.SignupStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * How signups end, as metrics: {@code benchline.signup.outcomes} (outcome, stage, reason) counts every terminal
 * state once, on the instance whose task owns the tenant, and {@code benchline.signup.duration} is the time from
 * acceptance to the site being ready — the end-to-end figure the completion-time alert watches.
 */
@Component
class SignupOutcomes {

    private final MeterRegistry registry;
    private final Timer duration;

    SignupOutcomes(MeterRegistry registry) {
        this.registry = registry;
        this.duration = Timer.builder("benchline.signup.duration")
                .description("Time from an accepted signup to SignupCompleted")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofSeconds(1))
                .maximumExpectedValue(Duration.ofMinutes(40))
                .register(registry);
    }

    void record(SignupStatus terminal) {
        List<SignupStatus.Step> steps = terminal.steps();
        SignupStatus.Step last = steps.get(steps.size() - 1);
        if (terminal.phase() == SignupStatus.Phase.COMPLETED) {
            count("completed", "none", "none");
            duration.record(Duration.between(terminal.requestedAt(), last.at()));
        } else {
            count("failed", last.failedStage(), last.reason());
        }
    }

    private void count(String outcome, String stage, String reason) {
        Counter.builder("benchline.signup.outcomes")
                .description("Signups that ended, by outcome and, for failures, the stage and reason")
                .tags("outcome", outcome, "stage", stage, "reason", reason)
                .register(registry)
                .increment();
    }
}
