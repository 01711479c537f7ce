package io.benchline.signup.access;

import io.benchline.signup.system.SignupProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Signs and checks the tokens that authorize one signup's status and event stream: {@code <expiry>.<mac>} where
 * the HMAC-SHA256 covers the tenant and the expiry, so a token opens exactly one tenant's stream for a while and
 * any instance sharing the key can check it without shared state.
 */
@Component
public class StreamTokens {

    private static final Logger log = LoggerFactory.getLogger(StreamTokens.class);
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MIN_KEY_BYTES = 32;

    private final SecretKeySpec key;
    private final SignupProperties.StreamAccess settings;
    private final Clock clock;

    public StreamTokens(SignupProperties properties, Clock clock) {
        this.settings = properties.streamAccess();
        this.clock = clock;
        this.key = new SecretKeySpec(keyBytes(settings.tokenKey()), ALGORITHM);
    }

    public String issue(UUID tenantId) {
        long expiry = clock.instant().plus(settings.tokenLifetime()).getEpochSecond();
        return expiry + "." + mac(tenantId, expiry);
    }

    /** True when {@code token} was issued for {@code tenantId} by an instance holding the same key, and is unexpired. */
    public boolean permits(String token, UUID tenantId) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        long expiry;
        try {
            expiry = Long.parseLong(token.substring(0, dot));
        } catch (NumberFormatException e) {
            return false;
        }
        if (Instant.ofEpochSecond(expiry).isBefore(clock.instant())) {
            return false;
        }
        byte[] expected = mac(tenantId, expiry).getBytes(StandardCharsets.US_ASCII);
        byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    private String mac(UUID tenantId, long expiry) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal(("signup-stream:" + tenantId + ":" + expiry).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static byte[] keyBytes(String configured) {
        if (configured == null || configured.isBlank()) {
            log.warn("benchline.signup.stream-access.token-key is not set: using a random key, so signup streams"
                    + " open only on the instance that accepted the signup");
            byte[] random = new byte[MIN_KEY_BYTES];
            new SecureRandom().nextBytes(random);
            return random;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(configured.strip());
        } catch (IllegalArgumentException e) {
            // Never echo the value: it is a secret.
            throw new IllegalStateException("benchline.signup.stream-access.token-key is not valid base64");
        }
        if (decoded.length < MIN_KEY_BYTES) {
            throw new IllegalStateException(
                    "benchline.signup.stream-access.token-key must decode to at least " + MIN_KEY_BYTES + " bytes");
        }
        return decoded;
    }
}
