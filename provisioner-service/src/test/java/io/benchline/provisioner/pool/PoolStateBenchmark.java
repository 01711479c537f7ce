package io.benchline.provisioner.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Benchmark (not a test): what one signup's reads of the pool cost while the pool holds K claimed standbys (kept an
 * hour after their claim, so K is about an hour of pooled signups), the reads a claim and a keeper tick make:
 * whether any standby is claimable, the candidate, the pool's size and counts, the claims left to record, the
 * standbys to look at for recycling. Side by side, the same reads as they were before session 11, each copying every
 * standby of the host and filtering the copies. Run from the repository root: {@code bench/run pool-state}.
 */
public final class PoolStateBenchmark {

    private static final String HOST = "bench-1";
    private static final String FINGERPRINT = "erpnext 15.47.2, frappe 15.55.1";
    private static final Instant T0 = Instant.parse("2026-11-29T06:00:00Z");
    private static final int READY = 4;
    private static final int ROUNDS = 9;

    /** The result of every read goes here, so the JIT cannot drop the reads. */
    private static volatile long sink;

    public static void main(String[] args) {
        System.out.printf(
                "pool: %d ready standbys and K claimed ones; µs per signup's reads, median of %d rounds%n",
                READY, ROUNDS);
        System.out.printf("%10s %18s %18s%n", "K claimed", "select (now)", "copy all (before)");
        for (int claimed : new int[] {0, 100, 1_000, 10_000}) {
            PoolState state = pool(claimed);
            int reads = claimed >= 10_000 ? 2_000 : 20_000;
            double now = median(() -> selectingReads(state), reads);
            double before = median(() -> copyingReads(state), reads);
            System.out.printf("%10d %18.2f %18.2f%n", claimed, now, before);
        }
    }

    /** The reads as StandbyClaims and StandbyKeeper make them now. */
    private static long selectingReads(PoolState state) {
        Instant now = T0.plus(Duration.ofMinutes(30));
        long seen = state.anyClaimable(HOST) ? 1 : 0;
        seen += state.candidate(HOST, FINGERPRINT).isPresent() ? 1 : 0;
        seen += state.size(HOST) + state.count(HOST, PoolRecord.State.READY);
        seen += state.claimed(
                        HOST,
                        c -> !c.claimRecorded()
                                || c.since().plus(Duration.ofHours(1)).isBefore(now))
                .size();
        seen += state.unclaimed(HOST).size();
        return seen;
    }

    /** The same reads as before: every one copied all of the host's standbys, then filtered. */
    private static long copyingReads(PoolState state) {
        long seen = all(state).stream().anyMatch(PoolState.Standby::isClaimable) ? 1 : 0;
        seen += all(state).stream()
                        .filter(s -> s.isClaimable() && FINGERPRINT.equals(s.fingerprint()))
                        .findFirst()
                        .isPresent()
                ? 1
                : 0;
        seen += all(state).stream()
                .filter(s -> s.state() == PoolRecord.State.BUILDING || s.isClaimable())
                .count();
        seen += all(state).stream().filter(PoolState.Standby::isClaimable).count();
        seen += all(state).size();
        seen += all(state).size();
        return seen;
    }

    /** What {@code standbys(host)} returned before: a copy of every standby of the host. */
    private static List<PoolState.Standby> all(PoolState state) {
        List<PoolState.Standby> all = new ArrayList<>(state.unclaimed(HOST));
        all.addAll(state.claimed(HOST, s -> true));
        return all;
    }

    private static double median(java.util.function.LongSupplier signupsReads, int reads) {
        List<Double> rounds = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < reads; i++) {
                sink += signupsReads.getAsLong();
            }
            rounds.add((System.nanoTime() - start) / 1e3 / reads);
        }
        Collections.sort(rounds);
        return rounds.get(ROUNDS / 2);
    }

    private static PoolState pool(int claimed) {
        PoolState state = new PoolState(Duration.ofDays(1), () -> {});
        apply(state, PoolRecord.versions(HOST, FINGERPRINT, T0));
        for (int i = 0; i < claimed + READY; i++) {
            String name = String.format("%012x.standby.invalid", i);
            apply(state, PoolRecord.standby(HOST, name, PoolRecord.State.BUILDING, FINGERPRINT, T0));
            apply(state, PoolRecord.ready(HOST, name, FINGERPRINT, new byte[] {1}, new byte[] {2}, T0, 1000));
            if (i < claimed) {
                apply(state, PoolRecord.claim(HOST, name, UUID.randomUUID(), T0.plusSeconds(1)));
                PoolState.Standby s = state.find(HOST, name).orElseThrow();
                apply(state, PoolRecord.claimed(s, T0.plusSeconds(2)));
            }
        }
        return state;
    }

    private static void apply(PoolState state, PoolRecord record) {
        state.apply(record.key(), record);
    }
}
