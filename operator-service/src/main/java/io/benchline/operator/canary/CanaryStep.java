package io.benchline.operator.canary;

import java.util.Locale;

/** The steps of one canary run, in order; a failed run names the one it stopped at. */
enum CanaryStep {
    SIGNUP,
    STATUS,
    EMAIL_CODE,
    VERIFY,
    HAND_OFF,
    SITE_LOGIN,
    DEPROVISION;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
