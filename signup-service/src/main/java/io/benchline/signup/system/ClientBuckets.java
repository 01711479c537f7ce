package io.benchline.signup.system;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;

/**
 * One token bucket (Bucket4j) per key, {@code capacity} tokens refilled over {@code period}. A bucket untouched for a
 * whole period is full again, so it is dropped then and memory stays bounded by the clients of one period (and by
 * {@code maxKeys}, whichever is smaller).
 */
final class ClientBuckets {

    private final int capacity;
    private final Duration period;
    private final Cache<String, Bucket> buckets;

    ClientBuckets(int capacity, Duration period, int maxKeys) {
        this.capacity = capacity;
        this.period = period;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfterAccess(period)
                .build();
    }

    ConsumptionProbe tryConsume(String key) {
        return bucket(key).tryConsumeAndReturnRemaining(1);
    }

    /** Gives back a token taken for a request that another limit refused after all. */
    void refund(String key) {
        bucket(key).addTokens(1);
    }

    long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private Bucket bucket(String key) {
        return buckets.get(key, k -> newBucket(capacity, period));
    }

    static Bucket newBucket(int capacity, Duration period) {
        return Bucket.builder()
                .addLimit(bandwidth -> bandwidth.capacity(capacity).refillGreedy(capacity, period))
                .build();
    }
}
