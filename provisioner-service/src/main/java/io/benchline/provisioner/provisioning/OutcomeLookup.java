package io.benchline.provisioner.provisioning;

import java.time.Instant;
import java.util.UUID;

/**
 * Whether an outcome event is on its topic: how a send whose result is unknown (timed out, the process paused, the
 * run stopped mid-send) is resolved before anything is sent again, so a resend never duplicates it.
 */
public interface OutcomeLookup {

    /** Never finds anything: for wiring without Kafka; every unknown send is then sent again. */
    OutcomeLookup NONE = (type, tenantId, eventId, notBefore) -> false;

    /**
     * @param type the event's class (its catalogue topic)
     * @param notBefore no earlier than the event was first sent (its record timestamp is later)
     * @throws RuntimeException when Kafka cannot be read (the caller waits and asks again)
     */
    boolean contains(Class<?> type, UUID tenantId, UUID eventId, Instant notBefore);
}
