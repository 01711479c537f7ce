package io.benchline.signup.intake;

import io.benchline.events.Plan;
import io.benchline.platform.secrets.Secret;

/**
 * A signup that passed every check, normalized: lower-cased email and subdomain, names split, plan resolved,
 * country as its upper-case ISO 3166 code.
 */
record ValidSignup(
        String organization,
        String subdomain,
        String email,
        String firstName,
        String lastName,
        Secret password,
        Plan plan,
        String country,
        String timezone,
        String currency) {

    boolean hasChosenSubdomain() {
        return subdomain != null;
    }
}
