package io.benchline.signup.subdomain;

import io.benchline.signup.system.ServiceUnavailableException;
import java.time.Duration;

/** The registry gave no decision in time; the signup was not accepted and may be sent again. */
public class RegistryUnavailableException extends ServiceUnavailableException {

    public RegistryUnavailableException(Duration retryAfter) {
        super(
                "Signups are briefly unavailable",
                "The subdomain registry did not answer in time; please try again.",
                Math.max(1, retryAfter.toSeconds()));
    }
}
