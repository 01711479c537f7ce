package io.benchline.signup.messaging;

import io.benchline.signup.handoff.EntryTicket;
import io.benchline.signup.verification.DeskAnswer;
import io.benchline.signup.verification.Verdict;
import java.util.UUID;

/**
 * The owning task's answer to a {@link TenantCommand}, keyed by its request id and read by every instance: a
 * verification {@code verdict} (with where to mail a resent code, a cooldown, attempts left), or for {@code ENTER}
 * the {@code entry} and which login-key request ({@code loginKeyRequestId}) this click may use.
 */
record TenantDecision(
        UUID requestId,
        UUID tenantId,
        Verdict verdict,
        String email,
        long retryAfterSeconds,
        int attemptsLeft,
        EntryTicket.Kind entry,
        UUID loginKeyRequestId,
        boolean ahead) {

    static TenantDecision of(TenantCommand command, DeskAnswer answer) {
        return new TenantDecision(
                command.requestId(),
                command.tenantId(),
                answer.verdict(),
                answer.email(),
                answer.retryAfterSeconds(),
                answer.attemptsLeft(),
                null,
                null,
                false);
    }

    static TenantDecision entry(TenantCommand command, EntryTicket.Kind entry, UUID loginKeyRequestId, boolean ahead) {
        return new TenantDecision(
                command.requestId(), command.tenantId(), null, null, 0, 0, entry, loginKeyRequestId, ahead);
    }

    DeskAnswer answer() {
        return new DeskAnswer(verdict, email, retryAfterSeconds, attemptsLeft);
    }

    @Override
    public String toString() {
        return "TenantDecision[requestId=" + requestId + ", tenantId=" + tenantId + ", verdict=" + verdict + ", entry="
                + entry + "]";
    }
}
