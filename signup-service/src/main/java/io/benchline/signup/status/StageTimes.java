package io.benchline.signup.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * How long the rest of a signup will probably take, learnt from the signups this instance saw being built: for each
 * recent built site (per path, pool or cold) the time from each step to the site being ready. The estimate for a
 * signup at step S is the median of those remainders, less the time already spent since S. Unknown (null) until a
 * signup on that path has been seen, and for a signup whose site is built or that has ended.
 */
@Component
public class StageTimes {

    /** Recent enough to follow a change of host speed, enough for a stable median. */
    static final int SAMPLES_PER_PATH = 50;

    private static final String COLD = "cold";

    private final Map<String, Deque<Sample>> samples = new HashMap<>();
    private final Set<UUID> recorded = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > 4 * SAMPLES_PER_PATH;
        }
    });

    /** Learns from {@code status} once its site is built; called for every snapshot this instance sees. */
    public synchronized void record(SignupStatus status) {
        Instant ready = readyAt(status);
        if (ready == null || !recorded.add(status.tenantId())) {
            return;
        }
        Map<String, Duration> remaining = new HashMap<>();
        offsets(status).forEach((step, at) -> remaining.put(step, Duration.between(at, ready)));
        Deque<Sample> recent = samples.computeIfAbsent(pathOf(status), path -> new ArrayDeque<>());
        recent.addLast(new Sample(remaining));
        if (recent.size() > SAMPLES_PER_PATH) {
            recent.removeFirst();
        }
    }

    /** Seconds until the site is probably built, or null when unknown or no longer meaningful. */
    public synchronized Long secondsLeft(SignupStatus status, Instant now) {
        if (status.isTerminal() || status.siteReady() != null) {
            return null;
        }
        Map<String, Instant> offsets = offsets(status);
        if (offsets.isEmpty()) {
            return null;
        }
        String lastStep = null;
        Instant lastAt = null;
        for (Map.Entry<String, Instant> entry : offsets.entrySet()) {
            lastStep = entry.getKey(); // insertion order: the latest progress step comes last
            lastAt = entry.getValue();
        }
        Deque<Sample> recent = samples.get(pathOf(status));
        if (recent == null) {
            return null;
        }
        List<Long> remainders = new ArrayList<>();
        for (Sample sample : recent) {
            Duration remaining = sample.remaining().get(lastStep);
            if (remaining != null) {
                remainders.add(remaining.toMillis());
            }
        }
        if (remainders.isEmpty()) {
            return null;
        }
        Collections.sort(remainders);
        long median = remainders.get(remainders.size() / 2);
        long left = median - Math.max(0, Duration.between(lastAt, now).toMillis());
        // Still working: never claim it is done before it is.
        return Math.max(1, (left + 999) / 1000);
    }

    /** Each progress step, numbered by occurrence of its stage ({@code create_site#1}, {@code create_site#2}). */
    private static Map<String, Instant> offsets(SignupStatus status) {
        Map<String, Instant> offsets = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (SignupStatus.Step step : status.steps()) {
            if (!SignupStatus.Step.PROGRESS.equals(step.kind()) || "site_ready".equals(step.stage())) {
                continue;
            }
            int n = seen.merge(step.stage(), 1, Integer::sum);
            offsets.put(step.stage() + "#" + n, step.at());
        }
        return offsets;
    }

    private static Instant readyAt(SignupStatus status) {
        if (status.siteReady() != null) {
            return status.siteReady().at();
        }
        if (status.phase() == SignupStatus.Phase.COMPLETED && !status.steps().isEmpty()) {
            return status.steps().get(status.steps().size() - 1).at(); // stored before siteReady existed
        }
        return null;
    }

    private static String pathOf(SignupStatus status) {
        return status.path() == null ? COLD : status.path();
    }

    private record Sample(Map<String, Duration> remaining) {}
}
