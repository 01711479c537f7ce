package io.benchline.operator.canary;

import java.time.Clock;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Runs the canary on a thread of its own, one run at a time, {@code interval} after the end of the previous one
 * (a slow run never overlaps the next). Started and stopped with the application context.
 */
final class CanarySchedule implements SmartLifecycle {

    private final SignupCanary canary;
    private final CanaryProperties properties;
    private final Clock clock;
    private ThreadPoolTaskScheduler scheduler;

    CanarySchedule(SignupCanary canary, CanaryProperties properties, Clock clock) {
        this.canary = canary;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("signup-canary-");
        scheduler.setWaitForTasksToCompleteOnShutdown(false);
        scheduler.initialize();
        scheduler.scheduleWithFixedDelay(
                canary::runOnce, clock.instant().plus(properties.initialDelay()), properties.interval());
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdown();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
