package io.benchline.simulator.host;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Every secret the host issued or was given, in order (the simulator's {@code IssuedSecret}s). */
public final class SecretJournal {

    public enum Kind {
        API_SECRET,
        LOGIN_KEY,
        PASSWORD
    }

    /** One secret; no {@code toString} shows the value. */
    public record Entry(Instant at, String site, String user, Kind kind, String value) {
        @Override
        public String toString() {
            return "Entry[" + at + ", " + site + ", " + user + ", " + kind + "]";
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized void issued(Instant at, String site, String user, Kind kind, String value) {
        entries.add(new Entry(at, site, user, kind, value));
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }
}
