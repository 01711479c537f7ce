package io.benchline.user.site;

/**
 * A site answer that is not a result, inside the retry loop. Messages describe the site's answer only: request
 * bodies and headers (which hold the password and the API secret) are never part of them.
 */
final class SiteCallException extends RuntimeException {

    private final SiteFailure.Kind kind;
    private final boolean transientFailure;

    SiteCallException(SiteFailure.Kind kind, String message, boolean transientFailure) {
        super(message, null, false, false);
        this.kind = kind;
        this.transientFailure = transientFailure;
    }

    SiteFailure.Kind kind() {
        return kind;
    }

    boolean isTransient() {
        return transientFailure;
    }
}
