package io.benchline.platform.secrets;

import java.util.Objects;

/**
 * An opened secret. Its {@link #toString()} never shows the value, so a secret that slips into a log line, an
 * exception message or a debugger's display stays hidden; only {@link #reveal()} hands it out.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "Secret[redacted]";
    }
}
