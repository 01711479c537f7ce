package io.benchline.signup.messaging;

/**
 * signup-service's own topics. Claims are keyed by subdomain (one partition, so one Streams task, decides each
 * name); status and subdomain views are compacted snapshots every instance reads in full. {@link SignupTopology}
 * declares them.
 */
final class InternalTopics {

    /** Claim and release commands, keyed by subdomain. */
    static final String CLAIMS = "signup.subdomain-claims";

    /** The registry's answer to each claim, keyed by request id, read by every instance. */
    static final String DECISIONS = "signup.claim-decisions";

    /**
     * Latest status of each signup, keyed by tenantId: the status store's own changelog (Streams names it
     * {@code <application.id>-<store>-changelog}; the application id is {@code signup.streams}, checked at start by
     * {@link #requireStatusTopicOf}), written in the same exactly-once transaction as the store. The global status
     * view reads it, so no second copy of every status goes to a topic of its own. A constant, so the deployment's
     * topic and ACL lists can be checked against it.
     */
    static final String STATUS = "signup.streams-" + StatusProcessor.STATUS_STORE + "-changelog";

    /**
     * Who holds each subdomain, keyed by subdomain, for the form's live check on any instance: the claim store's own
     * changelog, written in the claim's exactly-once transaction, as {@link #STATUS} is the status store's. (Before
     * issue 20 a copy went to {@code signup.subdomains} as well; that topic is no longer written.)
     */
    static final String SUBDOMAINS = "signup.streams-" + ClaimProcessor.STORE + "-changelog";

    /** The status and subdomain topics are the stores' changelogs only under the application id they are named for. */
    static void requireStatusTopicOf(String applicationId) {
        if (!STATUS.equals(applicationId + "-" + StatusProcessor.STATUS_STORE + "-changelog")
                || !SUBDOMAINS.equals(applicationId + "-" + ClaimProcessor.STORE + "-changelog")) {
            throw new IllegalStateException("spring.kafka.streams.application-id must be signup.streams (the status"
                    + " and subdomain views read " + STATUS + " and " + SUBDOMAINS + ", the stores' changelogs), not "
                    + applicationId);
        }
    }

    /** Email verification and hand-off requests ({@link TenantCommand}), keyed by tenantId like the status. */
    static final String TENANT_COMMANDS = "signup.tenant-commands";

    /** The owning task's answers ({@link TenantDecision}), keyed by request id, read by every instance. */
    static final String TENANT_DECISIONS = "signup.tenant-decisions";

    private InternalTopics() {}
}
