package io.benchline.signup.subdomain;

import io.benchline.events.TenantRequested;
import reactor.core.publisher.Mono;

/**
 * Lets exactly one tenant hold each subdomain, whatever number of instances race for it. A claim carries the
 * whole accepted signup, so the registry publishes {@code TenantRequested} in the same step that records the
 * claim: a signup is never requested without its name, nor a name held without its signup.
 */
public interface SubdomainRegistry {

    /**
     * Completes with the registry's decision, or fails with {@link RegistryUnavailableException}. With
     * {@code emailCodeHash} (email verification on), an accepted claim also starts the email verification with that
     * code, in the same step.
     */
    Mono<ClaimOutcome> claim(TenantRequested request, String emailCodeHash);

    /** Whether a tenant holds the name now, as far as this instance has seen (eventually consistent). */
    boolean isHeld(String subdomain);

    enum ClaimOutcome {
        ACCEPTED,
        TAKEN
    }
}
