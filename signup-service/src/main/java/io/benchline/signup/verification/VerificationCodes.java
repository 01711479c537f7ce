package io.benchline.signup.verification;

import io.benchline.platform.secrets.Secret;
import io.benchline.signup.access.StreamTokens;
import io.benchline.signup.system.SignupProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Makes the 6-digit codes and their keyed hashes, {@code HMAC-SHA256(key, tenantId:code)}: what Kafka and the stores
 * keep cannot be turned back into the code by trying all million codes without the key, and a hash does not fit
 * another tenant. The key is {@code email-verification.code-key}, or derived from the stream-access signing key;
 * either way the same on every instance.
 */
@Component
public class VerificationCodes {

    private static final int MIN_KEY_BYTES = 32;

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;

    public VerificationCodes(SignupProperties properties, StreamTokens tokens) {
        String configured = properties.emailVerification().codeKey();
        byte[] bytes;
        if (configured == null || configured.isBlank()) {
            bytes = tokens.derivedKey("email-verification-code");
        } else {
            try {
                bytes = Base64.getDecoder().decode(configured.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("benchline.signup.email-verification.code-key is not valid base64");
            }
            if (bytes.length < MIN_KEY_BYTES) {
                throw new IllegalStateException("benchline.signup.email-verification.code-key must decode to at least "
                        + MIN_KEY_BYTES + " bytes");
            }
        }
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
    }

    /** A fresh code for {@code tenantId}: the code itself (only for the mail) and the hash that is kept. */
    public IssuedCode issue(UUID tenantId) {
        String code = String.format("%06d", random.nextInt(1_000_000));
        return new IssuedCode(Secret.of(code), hash(tenantId, code));
    }

    public String hash(UUID tenantId, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal(("email-code:" + tenantId + ":" + code).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** A code to mail ({@link Secret}: never shown by {@code toString}) and its keyed hash. */
    public record IssuedCode(Secret code, String hash) {}
}
