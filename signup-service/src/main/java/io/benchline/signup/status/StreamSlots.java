package io.benchline.signup.status;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Counts the open SSE streams of this instance, per signup and per client, and refuses one over a limit. A slot is
 * taken when a stream is subscribed and given back exactly once when it ends, however it ends; counters of idle
 * signups and clients are removed, so the maps hold only what is open.
 */
@Component
@EnableConfigurationProperties(StreamLimits.class)
class StreamSlots {

    private final StreamLimits limits;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<UUID, Integer> perSignup = new ConcurrentHashMap<>();
    private final Map<String, Integer> perClient = new ConcurrentHashMap<>();

    StreamSlots(StreamLimits limits) {
        this.limits = limits;
    }

    /** A slot for one stream of {@code tenantId} from {@code client}, or a 429/503 exception when over a limit. */
    Slot take(UUID tenantId, String client) {
        long retryAfter = Math.max(1, limits.retryAfter().toSeconds());
        if (open.incrementAndGet() > limits.maxPerInstance()) {
            open.decrementAndGet();
            throw StreamLimitExceededException.perInstance(retryAfter);
        }
        if (!increment(perSignup, tenantId, limits.maxPerSignup())) {
            open.decrementAndGet();
            throw StreamLimitExceededException.perSignup(retryAfter);
        }
        if (!increment(perClient, client, limits.maxPerClient())) {
            decrement(perSignup, tenantId);
            open.decrementAndGet();
            throw StreamLimitExceededException.perClient(retryAfter);
        }
        return new Slot(tenantId, client);
    }

    int open() {
        return open.get();
    }

    /**
     * The peer address, as the signup rate limit keys clients. Behind a proxy every client shares the proxy's
     * address: raise {@code max-per-client} there until the client key honours trusted forwarded headers.
     */
    private static <K> boolean increment(Map<K, Integer> counts, K key, int max) {
        AtomicBoolean taken = new AtomicBoolean();
        counts.compute(key, (k, count) -> {
            int current = count == null ? 0 : count;
            if (current >= max) {
                return count;
            }
            taken.set(true);
            return current + 1;
        });
        return taken.get();
    }

    private static <K> void decrement(Map<K, Integer> counts, K key) {
        counts.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
    }

    /** One open stream's place in the counts. */
    final class Slot {
        private final UUID tenantId;
        private final String client;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(UUID tenantId, String client) {
            this.tenantId = tenantId;
            this.client = client;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                decrement(perClient, client);
                decrement(perSignup, tenantId);
                open.decrementAndGet();
            }
        }
    }
}
