package io.benchline.provisioner.pool;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The pool's log (a Kafka topic, implemented in messaging): durable appends to a host's partition, a follower that
 * applies every record of every host in log order, and ownership of hosts by consumer-group assignment.
 */
public interface StandbyLog {

    /** Starts following (from the beginning) and joins the owners' group; records go to {@code applier}. */
    void start(Applier applier);

    /** Appends to the host's partition; returns once every in-sync replica has it. */
    Position append(PoolRecord record);

    /**
     * Appends to the host's partition without waiting: the future completes once every in-sync replica has it.
     * Appends of a host keep their order (one producer, one partition), so a later {@link #append} lands after it.
     */
    CompletableFuture<Position> appendWithoutWaiting(PoolRecord record);

    /** Removes a record for good (a tombstone), once nothing decides from it any more. */
    void forget(String host, String key);

    /** Waits until this instance has applied the log up to and including {@code position}. */
    boolean awaitApplied(Position position, Duration timeout);

    /** Whether the follower has read what the log held when it started. */
    boolean caughtUp();

    /** Whether this instance's group member owns the host's partition: then it builds for that host. */
    boolean owns(String host);

    record Position(int partition, long offset) {}

    /** Receives every record in log order (a null record: the key was forgotten). */
    interface Applier {
        void apply(String key, PoolRecord record);
    }
}
