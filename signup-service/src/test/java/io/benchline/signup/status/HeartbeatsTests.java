package io.benchline.signup.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

class HeartbeatsTests {

    private final VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();

    @AfterEach
    void realTime() {
        VirtualTimeScheduler.reset();
    }

    @Test
    void everyStreamHearsOnePerIntervalAndTheStreamsAreSpreadOverIt() {
        Heartbeats heartbeats = new Heartbeats(Duration.ofSeconds(15));
        List<List<Long>> heard = new ArrayList<>();
        List<Disposable> streams = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            List<Long> times = new ArrayList<>();
            heard.add(times);
            streams.add(heartbeats.next().subscribe(beat -> times.add(time.now(TimeUnit.MILLISECONDS))));
        }

        time.advanceTimeBy(Duration.ofSeconds(45));

        assertThat(heard).allSatisfy(times -> assertThat(times).hasSize(3));
        assertThat(heard.get(0)).containsExactly(100L, 15_100L, 30_100L);
        assertThat(heard.get(1)).containsExactly(200L, 15_200L, 30_200L);
        // 300 streams over 150 phases: two comments at a tick, never all of them at once.
        Map<Long, Integer> perTick = new TreeMap<>();
        heard.stream().flatMap(Collection::stream).forEach(at -> perTick.merge(at, 1, Integer::sum));
        assertThat(perTick.values()).containsOnly(2);
        assertThat(perTick).hasSize(450);

        streams.forEach(Disposable::dispose);
    }

    @Test
    void anIntervalShorterThanAPhaseIsOnePhase() {
        Heartbeats heartbeats = new Heartbeats(Duration.ofMillis(40));
        List<Long> times = new ArrayList<>();
        Disposable stream = heartbeats.next().subscribe(beat -> times.add(time.now(TimeUnit.MILLISECONDS)));

        time.advanceTimeBy(Duration.ofMillis(120));

        assertThat(times).containsExactly(40L, 80L, 120L);
        stream.dispose();
    }
}
