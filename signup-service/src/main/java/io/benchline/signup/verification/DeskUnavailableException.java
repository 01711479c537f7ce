package io.benchline.signup.verification;

import io.benchline.signup.system.ServiceUnavailableException;
import java.time.Duration;

/** No decision arrived in time (the topology is rebalancing or the broker is away): 503, try again shortly. */
public class DeskUnavailableException extends ServiceUnavailableException {

    public DeskUnavailableException(Duration waited) {
        super("Try again", "We could not process this right now; please try again in a few seconds.", 5);
    }
}
