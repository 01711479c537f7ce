package io.benchline.verifier.verification;

import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;

/** Emits the verifier's outcome events (KeysActive, ProvisioningFailed). */
public interface OutcomePublisher {

    /** Completes once the event is durable. */
    CompletableFuture<Void> publish(SpecificRecord event);
}
