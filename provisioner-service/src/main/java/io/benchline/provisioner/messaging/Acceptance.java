package io.benchline.provisioner.messaging;

import io.benchline.provisioner.provisioning.LedgerEntry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Accepts a new tenant: its run starts while the "accepted" ledger entry is on its way to Kafka, and the listener
 * returns (so the offset is committed) only once Kafka has it. Nothing the run does before its own first waited
 * ledger write changes anything a resumed run must know about (it connects, records demand, reads the host's
 * versions), and that write goes through the same producer to the same partition after this one, so the ledger
 * never holds a later entry without the accepted one before it. A refused write stops the run before the record is
 * failed, so its redelivery starts from the ledger as before.
 */
final class Acceptance {

    private final Function<LedgerEntry, CompletableFuture<Void>> write;
    private final Consumer<LedgerEntry> start;
    private final BiPredicate<UUID, Duration> stop;
    private final Duration writeWait;
    private final Duration stopWait;

    /**
     * @param write sends the entry; completes once every in-sync replica has it
     * @param start starts (or leaves alone, if already running) the tenant's run
     * @param stop stops the tenant's run, true once it no longer runs
     */
    Acceptance(
            Function<LedgerEntry, CompletableFuture<Void>> write,
            Consumer<LedgerEntry> start,
            BiPredicate<UUID, Duration> stop,
            Duration writeWait,
            Duration stopWait) {
        this.write = write;
        this.start = start;
        this.stop = stop;
        this.writeWait = writeWait;
        this.stopWait = stopWait;
    }

    /**
     * Returns once Kafka has the entry, with the run already going.
     *
     * @throws IllegalStateException when the entry is not acknowledged in time (the run is stopped first)
     */
    void accept(LedgerEntry accepted) {
        CompletableFuture<Void> written = write.apply(accepted);
        start.accept(accepted);
        try {
            written.get(writeWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refused(accepted, e);
        } catch (ExecutionException | TimeoutException e) {
            throw refused(accepted, e instanceof ExecutionException ? e.getCause() : e);
        }
    }

    private IllegalStateException refused(LedgerEntry accepted, Throwable cause) {
        // The request is handled again (the offset stays): its run must not go on beside the one that starts then.
        boolean stopped = stop.test(accepted.tenantId(), stopWait);
        return new IllegalStateException(
                "tenant " + accepted.tenantId() + ": the accepted ledger entry was not acknowledged ("
                        + (stopped ? "run stopped" : "run still stopping") + ")",
                cause);
    }
}
