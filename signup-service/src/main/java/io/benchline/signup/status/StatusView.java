package io.benchline.signup.status;

import java.util.Optional;
import java.util.UUID;
import reactor.core.publisher.Flux;

/**
 * Every signup's status as this instance has seen it (fed from Kafka, so any instance serves any tenant and a
 * restart loses nothing), plus the live changes a stream subscribes to.
 */
public interface StatusView {

    Optional<SignupStatus> find(UUID tenantId);

    /** Each new status of {@code tenantId} from the moment of subscription on; never completes by itself. */
    Flux<SignupStatus> changes(UUID tenantId);

    /** Accepted signups that have not ended yet, across all instances. */
    int inFlight();
}
