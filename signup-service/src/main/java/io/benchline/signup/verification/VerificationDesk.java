package io.benchline.signup.verification;

import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * Sends a check or a resend to the one place that decides a tenant's email verification and waits for its answer,
 * whichever instance asks. Errors with {@link DeskUnavailableException} when no answer comes in time.
 */
public interface VerificationDesk {

    Mono<DeskAnswer> check(UUID tenantId, String codeHash);

    Mono<DeskAnswer> resend(UUID tenantId, String codeHash);
}
