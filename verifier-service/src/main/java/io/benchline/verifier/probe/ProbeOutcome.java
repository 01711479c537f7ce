package io.benchline.verifier.probe;

/** What one probe's answer means for the site. */
public enum ProbeOutcome {
    /** 200 with exactly {@code {"message":"Administrator"}}: the keys work through the customer's address. */
    ACTIVE,
    /** The name does not lead to the site yet: 404, connection refused, DNS, TLS not ready, a foreign 200. */
    UNREACHABLE,
    /** The site's server is in trouble: 5xx, other unexpected statuses, no answer in time. */
    SERVER_ERROR,
    /** 401/403: the key or secret was refused (rotated secret, or the name routed to another site). */
    KEYS_REJECTED,
    /** The probe cannot be sent as configured (e.g. plain HTTP refused); retrying cannot help. */
    MISCONFIGURED,
    /**
     * Not sent at all: the event's site URL is not {@code https://<its subdomain>.<a configured site domain>}
     * (a forged or broken event), so its credentials must not go there.
     */
    UNTRUSTED_SITE;

    boolean retryable() {
        return this != ACTIVE && this != MISCONFIGURED && this != UNTRUSTED_SITE;
    }
}
