package io.benchline.provisioner.pool;

import java.time.Instant;
import java.util.UUID;

/**
 * One record on the pool's topic. All records of a host go to one partition, in the order they were written; every
 * instance applies them in that order (PoolState), so all reach the same decisions.
 *
 * <ul>
 *   <li>{@code STANDBY} (key {@code standby/<host>/<name>}): a standby's state, its build-time version fingerprint,
 *       its sealed API key and secret (bound to host + standby), the tenant that claimed it;
 *   <li>{@code CLAIM} (key {@code claim/<host>/<name>/<tenant>}, unique, so compaction never removes one before it is
 *       settled): a tenant asks for a standby; the FIRST claim of a ready standby in log order wins;
 *   <li>{@code RETIRE} (key {@code retire/<host>/<name>}): the owner takes a standby out (stale, drained, orphaned);
 *       a claim after it loses, a retire after a claim does nothing;
 *   <li>{@code VERSIONS} (key {@code versions/<host>}): the host's latest {@code bench version} reading and when;
 *   <li>{@code DEMAND} (key {@code demand/<host>/<tenant>}): a signup reached the host, for the signup rate.
 * </ul>
 */
public record PoolRecord(
        Kind kind,
        String host,
        String standby,
        UUID tenant,
        State state,
        String fingerprint,
        byte[] apiKey,
        byte[] apiSecret,
        Instant at,
        long buildMillis) {

    public enum Kind {
        STANDBY,
        CLAIM,
        RETIRE,
        VERSIONS,
        DEMAND
    }

    public enum State {
        BUILDING,
        READY,
        CLAIMED,
        DROPPED
    }

    public String key() {
        return switch (kind) {
            case STANDBY -> "standby/" + host + "/" + standby;
            case CLAIM -> "claim/" + host + "/" + standby + "/" + tenant;
            case RETIRE -> "retire/" + host + "/" + standby;
            case VERSIONS -> "versions/" + host;
            case DEMAND -> "demand/" + host + "/" + tenant;
        };
    }

    static PoolRecord standby(String host, String standby, State state, String fingerprint, Instant at) {
        return new PoolRecord(Kind.STANDBY, host, standby, null, state, fingerprint, null, null, at, 0);
    }

    static PoolRecord ready(
            String host, String standby, String fingerprint, byte[] key, byte[] secret, Instant at, long buildMillis) {
        return new PoolRecord(
                Kind.STANDBY, host, standby, null, State.READY, fingerprint, key, secret, at, buildMillis);
    }

    /** The owner's note of a decided claim: keeps the sealed key for the claimer's resume once the claim records go. */
    static PoolRecord claimed(PoolState.Standby s, Instant at) {
        return new PoolRecord(
                Kind.STANDBY,
                s.host(),
                s.name(),
                s.claimedBy(),
                State.CLAIMED,
                s.fingerprint(),
                s.apiKey(),
                s.apiSecret(),
                at,
                0);
    }

    static PoolRecord claim(String host, String standby, UUID tenant, Instant at) {
        return new PoolRecord(Kind.CLAIM, host, standby, tenant, null, null, null, null, at, 0);
    }

    static PoolRecord retire(String host, String standby, Instant at) {
        return new PoolRecord(Kind.RETIRE, host, standby, null, null, null, null, null, at, 0);
    }

    static PoolRecord versions(String host, String fingerprint, Instant at) {
        return new PoolRecord(Kind.VERSIONS, host, null, null, null, fingerprint, null, null, at, 0);
    }

    static PoolRecord demand(String host, UUID tenant, Instant at) {
        return new PoolRecord(Kind.DEMAND, host, null, tenant, null, null, null, null, at, 0);
    }
}
