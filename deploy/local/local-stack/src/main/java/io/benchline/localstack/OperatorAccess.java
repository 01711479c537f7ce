package io.benchline.localstack;

/**
 * What operator-service needs from the launcher besides its port: the development tokens' key, and whether the
 * signup canary runs ({@code --canary}) against signup-service's public port.
 */
record OperatorAccess(OperatorTokens tokens, boolean canary, int signupPort) {

    /** A run a minute: often enough to watch, rare enough to leave the pool and the CPU to the developer. */
    static final String CANARY_INTERVAL = "60s";

    /** The canary signs up as {@code canary-<8 hex>@} this domain; GreenMail delivers it all to one mailbox. */
    static final String CANARY_EMAIL_DOMAIN = "canary.benchline.example";

    static final String CANARY_MAILBOX = "canary@" + CANARY_EMAIL_DOMAIN;
}
