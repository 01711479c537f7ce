package io.benchline.user.site;

import io.benchline.events.FailureReason;

/**
 * A site answer that is not a result, inside the retry loop. Messages describe the site's answer only: request
 * bodies and headers (which hold the password and the API secret) are never part of them.
 */
final class SiteCallException extends RuntimeException {

    private final FailureReason reason;
    private final boolean transientFailure;

    SiteCallException(FailureReason reason, String message, boolean transientFailure) {
        super(message, null, false, false);
        this.reason = reason;
        this.transientFailure = transientFailure;
    }

    /** What it means for the signup if it persists: KEYS_REJECTED, SITE_ERROR or SITE_UNREACHABLE. */
    FailureReason reason() {
        return reason;
    }

    boolean isTransient() {
        return transientFailure;
    }
}
