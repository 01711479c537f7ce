package io.benchline.user.onboarding;

import io.benchline.events.FailureReason;
import io.benchline.user.site.SystemSettingsResult;
import io.benchline.user.site.UserCreation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;

/** user-service's meters. Tags are fixed vocabularies (results, reasons), never tenant data. */
class OnboardingMetrics {

    private final MeterRegistry registry;

    OnboardingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    Timer.Sample startUserCreation() {
        return Timer.start(registry);
    }

    /** {@code benchline.user.creation}: how long creating the user took, retries included, by result. */
    void userCreation(Timer.Sample sample, UserCreation creation) {
        String result;
        if (creation instanceof UserCreation.Failed failed) {
            result = tag(failed.reason());
        } else {
            result = creation instanceof UserCreation.AlreadyExists ? "already_exists" : "created";
        }
        sample.stop(Timer.builder("benchline.user.creation")
                .description("Time to create the customer's administrator on the site, retries included")
                .tag("result", result)
                .publishPercentileHistogram()
                .register(registry));
    }

    /** {@code benchline.user.outcomes}: terminal outcomes, with the failure's reason ({@code none} when completed). */
    void completed() {
        outcome(OnboardingResult.COMPLETED, "none");
    }

    void failed(FailureReason reason) {
        outcome(OnboardingResult.FAILED, reason.name());
    }

    private void outcome(OnboardingResult result, String reason) {
        Counter.builder("benchline.user.outcomes")
                .description("Terminal outcomes emitted by user-service")
                .tag("outcome", tag(result))
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /** {@code benchline.user.skipped}: KeysActive records that led to nothing (duplicate, past deadline). */
    void skipped(OnboardingResult result) {
        Counter.builder("benchline.user.skipped")
                .tag("why", tag(result))
                .register(registry)
                .increment();
    }

    /** {@code benchline.user.system.settings}: System Settings pre-filled, failed or skipped (nothing to fill). */
    void systemSettings(SystemSettingsResult.Outcome outcome) {
        systemSettings(tag(outcome));
    }

    void systemSettingsSkipped() {
        systemSettings("skipped");
    }

    private void systemSettings(String result) {
        Counter.builder("benchline.user.system.settings")
                .description("Pre-filling System Settings for ERPNext's setup wizard, by result")
                .tag("result", result)
                .register(registry)
                .increment();
    }

    private static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
