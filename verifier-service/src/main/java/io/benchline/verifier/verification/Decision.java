package io.benchline.verifier.verification;

import io.benchline.events.SiteProvisioned;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What the verifier has settled for one tenant, as kept in its decision log. {@code PROBING} holds the
 * SiteProvisioned event (its credentials still sealed) so a restarted verifier can resume; {@code DECIDED} drops
 * it, so compaction removes the sealed credentials once they are no longer needed.
 *
 * @param startedAt when this verifier first took the site; the deadline and the activation time count from here
 * @param outcome for {@code DECIDED}: ACTIVE, a failure reason, or EXPIRED (deadline passed, nothing emitted)
 * @param attempt the signup attempt ({@code Signup.attempt}) this decision is about: a SiteProvisioned of a higher
 *     attempt (an operator's RETRY) is new work, the same attempt again a redelivery
 */
public record Decision(
        UUID tenantId,
        UUID eventId,
        State state,
        Instant startedAt,
        SiteProvisioned event,
        String outcome,
        int attempt) {

    public enum State {
        PROBING,
        DECIDED
    }

    public Decision {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(startedAt, "startedAt");
        if (state == State.PROBING && event == null) {
            throw new IllegalArgumentException("a PROBING decision needs its SiteProvisioned event");
        }
        attempt = Math.max(1, attempt); // recorded before attempts existed: the first
    }

    static Decision probing(SiteProvisioned event, Instant startedAt) {
        return new Decision(
                event.getTenantId(),
                event.getEventId(),
                State.PROBING,
                startedAt,
                event,
                null,
                event.getSignup().getAttempt());
    }

    static Decision decided(UUID tenantId, UUID eventId, Instant startedAt, String outcome, int attempt) {
        return new Decision(tenantId, eventId, State.DECIDED, startedAt, null, outcome, attempt);
    }

    Decision decided(String outcome) {
        return decided(tenantId, eventId, startedAt, outcome, attempt);
    }

    boolean probing() {
        return state == State.PROBING;
    }
}
