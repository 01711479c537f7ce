package io.benchline.signup.status;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;

/**
 * The heartbeat comments of every open stream, from one clock, spread over the interval: each stream is given one of
 * the interval's phases (100 ms apart, round robin) and hears only its own phase's ticks. With one shared tick, all
 * ten thousand streams got their comment in the same burst (10,000 writes handed to the event loops at once), and a
 * frame due meanwhile queued behind it; now a tick writes to 1/150 of them (15 s interval).
 */
final class Heartbeats {

    static final Duration PHASE = Duration.ofMillis(100);

    private final List<Flux<ServerSentEvent<StatusResponse.StepView>>> phases;
    private final AtomicInteger next = new AtomicInteger();

    Heartbeats(Duration interval) {
        int count = (int) Math.max(1, interval.dividedBy(PHASE));
        ServerSentEvent<StatusResponse.StepView> heartbeat = ServerSentEvent.<StatusResponse.StepView>builder()
                .comment("heartbeat")
                .build();
        // One clock while any stream is open (share: stopped with the last one); each phase is shared by its streams.
        Flux<Long> ticks = Flux.interval(interval.dividedBy(count)).share();
        this.phases = LongStream.range(0, count)
                .mapToObj(phase -> ticks.filter(tick -> tick % count == phase)
                        .map(tick -> heartbeat)
                        .share())
                .toList();
    }

    /** The heartbeats of one new stream: one per interval, at its phase. */
    Flux<ServerSentEvent<StatusResponse.StepView>> next() {
        return phases.get(Math.floorMod(next.getAndIncrement(), phases.size()));
    }
}
