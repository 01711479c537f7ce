package io.benchline.signup.access;

import io.benchline.signup.system.SignupProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Signs and checks the tokens that authorize one signup's status and event stream: {@code <keyId>.<expiry>.<mac>}
 * where the HMAC-SHA256 covers the key id, the tenant and the expiry (epoch seconds), so a token opens exactly one
 * tenant's stream until shortly after its deadline, any instance holding the key can check it without shared state,
 * and the signing key can be rotated: tokens name the key that signed them.
 */
@Component
@EnableConfigurationProperties(StreamAccessProperties.class)
public class StreamTokens {

    private static final Logger log = LoggerFactory.getLogger(StreamTokens.class);
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MIN_KEY_BYTES = 32;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    /** Strict, so nothing a client sends reaches a parser that could throw: 12 digits end in the year 33658. */
    private static final Pattern TOKEN = Pattern.compile("([A-Za-z0-9_-]{1,32})\\.([0-9]{1,12})\\.([A-Za-z0-9_-]{43})");

    private final Map<String, SecretKeySpec> keys;
    private final String currentKeyId;
    private final StreamAccessProperties settings;
    private final Duration deadlineGrace;
    private final Clock clock;

    @Autowired
    public StreamTokens(StreamAccessProperties settings, SignupProperties signup, Clock clock) {
        this(settings, signup.deadlineGrace(), clock);
    }

    StreamTokens(StreamAccessProperties settings, Duration deadlineGrace, Clock clock) {
        this.settings = settings;
        this.deadlineGrace = deadlineGrace;
        this.clock = clock;
        this.keys = keys(settings);
        this.currentKeyId = currentKeyId(settings, keys);
    }

    /** When a token for a signup due at {@code deadlineAt} stops working. */
    public Instant expiryFor(Instant deadlineAt) {
        return deadlineAt.plus(deadlineGrace).plus(settings.handOffWindow());
    }

    public String issue(UUID tenantId, Instant deadlineAt) {
        long expiry = expiryFor(deadlineAt).getEpochSecond();
        return currentKeyId + "." + expiry + "." + mac(currentKeyId, tenantId, expiry);
    }

    /** What {@code token} proves about {@code tenantId}; never throws, whatever the token holds. */
    public Check check(String token, UUID tenantId) {
        Matcher parts = TOKEN.matcher(token);
        if (!parts.matches()) {
            return Check.unauthenticated();
        }
        String keyId = parts.group(1);
        if (!keys.containsKey(keyId)) {
            return Check.unauthenticated(); // a retired or unknown key
        }
        long expiry = Long.parseLong(parts.group(2));
        if (expiry < clock.instant().getEpochSecond()) {
            return Check.unauthenticated();
        }
        byte[] expected = mac(keyId, tenantId, expiry).getBytes(StandardCharsets.US_ASCII);
        byte[] given = parts.group(3).getBytes(StandardCharsets.US_ASCII);
        // Well-formed, current, but not this tenant's: someone else's signup (or a forgery), which is a 404.
        return MessageDigest.isEqual(expected, given)
                ? new Check(Check.Outcome.GRANTED, Instant.ofEpochSecond(expiry))
                : new Check(Check.Outcome.DENIED, null);
    }

    /**
     * A key for another purpose, derived from the current signing key ({@code HMAC(key, "derived:" + label)}): the
     * same on every instance that holds the same keys, and unrelated to any token's MAC.
     */
    public byte[] derivedKey(String label) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(keys.get(currentKeyId));
            return mac.doFinal(("derived:" + label).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** The outcome of checking a token, and until when a granted one holds. */
    public record Check(Outcome outcome, Instant expiresAt) {

        static Check unauthenticated() {
            return new Check(Outcome.UNAUTHENTICATED, null);
        }

        public enum Outcome {
            UNAUTHENTICATED,
            DENIED,
            GRANTED
        }
    }

    private String mac(String keyId, UUID tenantId, long expiry) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(keys.get(keyId));
            byte[] digest = mac.doFinal(
                    ("signup-stream:" + keyId + ":" + tenantId + ":" + expiry).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static Map<String, SecretKeySpec> keys(StreamAccessProperties settings) {
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        settings.keys().forEach((id, secret) -> keys.put(keyId(id), key("keys." + id, secret)));
        if (settings.tokenKey() != null && !settings.tokenKey().isBlank()) {
            if (keys.containsKey(StreamAccessProperties.TOKEN_KEY_ID)) {
                throw new IllegalStateException("benchline.signup.stream-access.token-key and keys."
                        + StreamAccessProperties.TOKEN_KEY_ID + " name the same key id; keep one");
            }
            keys.put(StreamAccessProperties.TOKEN_KEY_ID, key("token-key", settings.tokenKey()));
        }
        if (keys.isEmpty()) {
            log.warn("benchline.signup.stream-access has no keys: using a random key, so signup streams"
                    + " open only on the instance that accepted the signup");
            byte[] random = new byte[MIN_KEY_BYTES];
            new SecureRandom().nextBytes(random);
            keys.put("random", new SecretKeySpec(random, ALGORITHM));
        }
        return Map.copyOf(keys);
    }

    private static String currentKeyId(StreamAccessProperties settings, Map<String, SecretKeySpec> keys) {
        String current = settings.currentKeyId();
        if (current == null || current.isBlank()) {
            if (keys.size() == 1) {
                return keys.keySet().iterator().next();
            }
            throw new IllegalStateException("benchline.signup.stream-access.current-key-id must name the key that"
                    + " signs new tokens, one of " + keys.keySet());
        }
        if (!keys.containsKey(current.strip())) {
            throw new IllegalStateException("benchline.signup.stream-access.current-key-id " + current.strip()
                    + " is not one of the configured key ids " + keys.keySet());
        }
        return current.strip();
    }

    private static String keyId(String id) {
        if (!KEY_ID.matcher(id).matches()) {
            throw new IllegalStateException(
                    "benchline.signup.stream-access.keys: a key id must be 1 to 32 letters," + " digits, '-' or '_'");
        }
        return id;
    }

    private static SecretKeySpec key(String name, String configured) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(configured.strip());
        } catch (IllegalArgumentException e) {
            // Never echo the value: it is a secret.
            throw new IllegalStateException("benchline.signup.stream-access." + name + " is not valid base64");
        }
        if (decoded.length < MIN_KEY_BYTES) {
            throw new IllegalStateException(
                    "benchline.signup.stream-access." + name + " must decode to at least " + MIN_KEY_BYTES + " bytes");
        }
        return new SecretKeySpec(decoded, ALGORITHM);
    }
}
