package io.benchline.signup.intake;

import io.benchline.signup.system.ServiceUnavailableException;

/** 503: so many signups are being provisioned that a new one would likely miss its deadline. */
class IntakePausedException extends ServiceUnavailableException {

    IntakePausedException(long retryAfterSeconds) {
        super(
                "Signups paused",
                "We are setting up many sites right now; please try again in a minute.",
                retryAfterSeconds);
    }
}
