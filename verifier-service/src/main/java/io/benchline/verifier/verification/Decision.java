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
 */
public record Decision(
        UUID tenantId, UUID eventId, State state, Instant startedAt, SiteProvisioned event, String outcome) {

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
    }

    static Decision probing(SiteProvisioned event, Instant startedAt) {
        return new Decision(event.getTenantId(), event.getEventId(), State.PROBING, startedAt, event, null);
    }

    static Decision decided(UUID tenantId, UUID eventId, Instant startedAt, String outcome) {
        return new Decision(tenantId, eventId, State.DECIDED, startedAt, null, outcome);
    }

    Decision decided(String outcome) {
        return decided(tenantId, eventId, startedAt, outcome);
    }

    boolean probing() {
        return state == State.PROBING;
    }
}
