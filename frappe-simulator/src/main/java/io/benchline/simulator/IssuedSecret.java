package io.benchline.simulator;

import java.time.Instant;

/**
 * A secret the host made or was given, as its journal keeps it for secret scans and rotation checks: an API secret
 * {@code generate_keys} issued, a one-time login key minted, a password set on a user. The real host keeps only
 * hashes (or the current secret); the simulator keeps every one so a test can look for it where it must never be.
 *
 * @param site the site's name when it happened (a standby renamed later keeps its old name here)
 */
public record IssuedSecret(Instant at, String site, String user, Kind kind, String value) {

    public enum Kind {
        API_SECRET,
        LOGIN_KEY,
        PASSWORD
    }

    @Override
    public String toString() {
        return "IssuedSecret[" + at + ", " + site + ", " + user + ", " + kind + "]"; // never the value
    }
}
