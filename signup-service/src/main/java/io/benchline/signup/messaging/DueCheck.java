package io.benchline.signup.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The wall-clock check of one status task's time-keyed stores (deadlines, verification windows, retry expiries,
 * quarantines), scheduled only while one of them holds an entry: at the earliest one's due time, never sooner than
 * {@code minInterval} from now; the processor plans it again after each check and whenever it adds an entry. Why not
 * a punctuator every {@code deadline-sweep-interval} on every task: Kafka Streams marks a task for commit at each
 * punctuation ({@code StreamTask.maybePunctuateSystemTime}), and under exactly-once each commit is a transaction that
 * writes an offset for every input partition the task has consumed; the 5 s sweep made each of the 12 tasks commit
 * every 5 s, idle or not (~10 {@code __consumer_offsets} records per signup at concurrency 1).
 */
final class DueCheck {

    private final ProcessorContext<?, ?> context;
    private final Duration minInterval;
    private final Runnable check;

    private Cancellable scheduled;
    private Instant scheduledAt;

    DueCheck(ProcessorContext<?, ?> context, Duration minInterval, Runnable check) {
        this.context = context;
        this.minInterval = minInterval;
        this.check = check;
    }

    /** Schedules the check for {@code earliestDue} unless it runs by then already; cancels it when nothing is due. */
    void plan(Optional<Instant> earliestDue, Instant now) {
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
