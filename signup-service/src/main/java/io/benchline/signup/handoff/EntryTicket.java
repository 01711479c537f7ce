package io.benchline.signup.handoff;

import io.benchline.events.SealedSecret;
import java.time.Instant;

/**
 * What one click of {@code enterUrl} may use: a sealed one-time login key ({@link Kind#KEY}; {@code ahead} when it
 * is the key asked for ahead of the first click), or the site's login page ({@link Kind#LOGIN_PAGE}: no keys left,
 * the hand-off window closed, or no key came), or nothing yet ({@link Kind#NOT_READY}).
 */
public record EntryTicket(Kind kind, SealedSecret loginKey, Instant expiresAt, boolean ahead) {

    public enum Kind {
        KEY,
        LOGIN_PAGE,
        NOT_READY
    }

    public static EntryTicket loginPage() {
        return new EntryTicket(Kind.LOGIN_PAGE, null, null, false);
    }

    public static EntryTicket notReady() {
        return new EntryTicket(Kind.NOT_READY, null, null, false);
    }

    @Override
    public String toString() {
        return "EntryTicket[kind=" + kind + ", expiresAt=" + expiresAt + ", ahead=" + ahead + "]";
    }
}
