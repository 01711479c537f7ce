package io.benchline.provisioner.handoff;

import java.time.Instant;
import java.util.UUID;

/**
 * What the hand-off has durably done, on the compacted {@code provisioner.handoff} topic: the answer to each login-key
 * request (so a redelivered request is answered again, never minted twice) and the removal of each tenant.
 */
sealed interface HandoffRecord permits HandoffRecord.LoginKeyAnswer, HandoffRecord.Removal {

    /** The record's key on the topic. */
    String key();

    int partition();

    static String answerKey(UUID requestId) {
        return "login-key:" + requestId;
    }

    static String removalKey(UUID tenantId) {
        return "removed:" + tenantId;
    }

    /**
     * One request's answer. {@code MINTING} is written before the key is minted, so a crash after the mint is never
     * followed by a second one; {@code ANSWERED} holds the sealed key (or the failure) until Kafka has the
     * LoginKeyIssued; {@code PUBLISHED} keeps only what identifies the answer, the sealed key no longer.
     */
    record LoginKeyAnswer(
            UUID tenantId,
            UUID requestId,
            int partition,
            State state,
            UUID eventId,
            Instant at,
            byte[] sealedKey,
            Instant expiresAt,
            String failure)
            implements HandoffRecord {

        enum State {
            MINTING,
            ANSWERED,
            PUBLISHED
        }

        static LoginKeyAnswer minting(UUID tenantId, UUID requestId, int partition, Instant now) {
            return new LoginKeyAnswer(tenantId, requestId, partition, State.MINTING, null, now, null, null, null);
        }

        static LoginKeyAnswer issued(
                UUID tenantId, UUID requestId, int partition, Instant now, byte[] sealedKey, Instant expiresAt) {
            return new LoginKeyAnswer(
                    tenantId, requestId, partition, State.ANSWERED, UUID.randomUUID(), now, sealedKey, expiresAt, null);
        }

        static LoginKeyAnswer failed(UUID tenantId, UUID requestId, int partition, Instant now, String failure) {
            return new LoginKeyAnswer(
                    tenantId, requestId, partition, State.ANSWERED, UUID.randomUUID(), now, null, null, failure);
        }

        LoginKeyAnswer published() {
            return new LoginKeyAnswer(
                    tenantId, requestId, partition, State.PUBLISHED, eventId, at, null, expiresAt, failure);
        }

        @Override
        public String key() {
            return answerKey(requestId);
        }
    }

    /** The tenant's site was dropped because its email was never verified (or for a later reason). */
    record Removal(UUID tenantId, int partition, String reason, String hostId, String site, Instant at)
            implements HandoffRecord {

        @Override
        public String key() {
            return removalKey(tenantId);
        }
    }
}
