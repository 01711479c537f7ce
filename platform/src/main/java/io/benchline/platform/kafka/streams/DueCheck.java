package io.benchline.platform.kafka.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * A processor's wall-clock check for one task, scheduled only while something in the task's stores falls due: at the
 * earliest due time, never sooner than {@code minInterval} from now; the processor plans it again after each check
 * and whenever it stores something that falls due. Why not a punctuator every interval on every task: Kafka Streams
 * marks a task for commit at each punctuation ({@code StreamTask.maybePunctuateSystemTime}), and under exactly-once
 * each commit is a transaction that writes an offset for every input partition the task has consumed, so a periodic
 * punctuator made every task commit forever, idle or not (signup's 5 s deadline sweep: ~10 {@code __consumer_offsets}
 * records per signup at concurrency 1; operator's 1 s deletion check: bookkeeping that grew with time, not tenants).
 */
public final class DueCheck {

    private final ProcessorContext<?, ?> context;
    private final Duration minInterval;
    private final Runnable check;

    private Cancellable scheduled;
    private Instant scheduledAt;

    public DueCheck(ProcessorContext<?, ?> context, Duration minInterval, Runnable check) {
        this.context = context;
        this.minInterval = minInterval;
        this.check = check;
    }

    /** Schedules the check for {@code earliestDue} unless it runs by then already; cancels it when nothing is due. */
    public void plan(Optional<Instant> earliestDue, Instant now) {
        if (earliestDue.isEmpty()) {
            cancel();
            return;
        }
        Instant soonest = now.plus(minInterval);
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

    private void cancel() {
        if (scheduled != null) {
            scheduled.cancel();
            scheduled = null;
            scheduledAt = null;
        }
    }
}
