package io.benchline.user.site;

/**
 * Why the site could not be used, after retries where retrying made sense.
 *
 * @param kind what went wrong, in terms support can act on
 * @param message for people: says what the site answered, never what we sent
 * @param attempts how many requests were sent
 */
public record SiteFailure(Kind kind, String message, int attempts) {

    public enum Kind {
        /** 401/403: the site does not accept the Administrator's API key (rotated, revoked, wrong site). */
        KEYS_REJECTED,
        /** The site answered, but with an error it kept repeating (5xx, 404, unexpected status). */
        SITE_ERROR,
        /** No answer at all: connection refused, DNS, timeouts. */
        SITE_UNREACHABLE
    }
}
