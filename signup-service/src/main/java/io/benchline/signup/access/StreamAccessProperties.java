package io.benchline.signup.access;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The keys that sign stream tokens and how long a token lives. {@code keys} maps a key id to a base64 secret of at
 * least 32 bytes: tokens signed by any of them are accepted, new ones are signed with {@code currentKeyId} (needed
 * when there are several). {@code tokenKey} is the single-key shorthand (key id {@value #TOKEN_KEY_ID}). A token
 * lives until the signup's deadline, the TIMEOUT grace and {@code handOffWindow} have passed, so the customer still
 * sees the outcome and the hand-off to the site. Every instance must hold the same keys.
 */
@ConfigurationProperties("benchline.signup.stream-access")
public record StreamAccessProperties(
        String tokenKey,
        @DefaultValue Map<String, String> keys,
        String currentKeyId,
        @DefaultValue("10m") Duration handOffWindow,
        @DefaultValue("true") boolean secureCookie) {

    static final String TOKEN_KEY_ID = "default";

    public StreamAccessProperties {
        keys = keys == null ? Map.of() : Map.copyOf(keys);
    }

    @Override
    public String toString() {
        return "StreamAccessProperties[keyIds=" + keys.keySet() + (tokenKey == null ? "" : "+" + TOKEN_KEY_ID)
                + ", currentKeyId=" + currentKeyId + ", handOffWindow=" + handOffWindow + ", secureCookie="
                + secureCookie + "]";
    }
}
