package io.benchline.operator.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The wall-clock check for deprovisionings whose grace has ended, scheduled for one task only while its due index
 * holds a grace end to wait for: at the earliest one, never sooner than {@code checkInterval} from now; the processor
 * plans it again after each check and whenever it indexes a deprovisioning. Why not a punctuator every
 * {@code checkInterval} on every task: Kafka Streams marks a task for commit at each punctuation
 * ({@code StreamTask.maybePunctuateSystemTime}), and under exactly-once each commit is a transaction that writes an
 * offset for every input partition the task has consumed; a 1 s punctuator made each of the 12 tasks commit every
 * second, idle or not: the lifecycle's bookkeeping grew with time, not with tenants.
 */
final class DeletionCheck {

    private final ProcessorContext<?, ?> context;
    private final Duration checkInterval;
    private final Runnable check;

    private Cancellable scheduled;
    private Instant scheduledAt;

    DeletionCheck(ProcessorContext<?, ?> context, Duration checkInterval, Runnable check) {
        this.context = context;
        this.checkInterval = checkInterval;
        this.check = check;
    }

    /** Schedules the check for the earliest grace end, or cancels it when no deprovisioning waits. */
    void plan(Optional<Instant> earliestDue, Instant now) {
        if (earliestDue.isEmpty()) {
            cancel();
            return;
        }
        Instant soonest = now.plus(checkInterval);
        Instant at = earliestDue.get().isAfter(soonest) ? earliestDue.get() : soonest;
        if (scheduled != null && !scheduledAt.isAfter(at)) {
            return; // the check already runs by then
        }
        cancel();
        scheduled = context.schedule(Duration.between(now, at), PunctuationType.WALL_CLOCK_TIME, time -> {
            cancel(); // one-shot: the check plans the next one from what is still due
            check.run();
        });
        scheduledAt = at;
    }

    boolean scheduled() {
        return scheduled != null;
    }

    private void cancel() {
        if (scheduled != null) {
            scheduled.cancel();
            scheduled = null;
            scheduledAt = null;
        }
    }
}
