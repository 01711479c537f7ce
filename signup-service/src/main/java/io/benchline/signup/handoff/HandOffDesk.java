package io.benchline.signup.handoff;

import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * Asks the one place that counts a signup's login keys which key this click may use (the one asked for ahead, a
 * fresh one it requests now, or none) and waits for that key to be issued. A key is handed to one click only.
 */
public interface HandOffDesk {

    /** Errors when no decision or no key came in time; the caller then sends the customer to the login page. */
    Mono<EntryTicket> enter(UUID tenantId);
}
