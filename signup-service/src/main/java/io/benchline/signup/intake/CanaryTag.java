package io.benchline.signup.intake;

import io.benchline.signup.system.SignupProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Tells the canary's signups from customers': a request with {@code X-Benchline-Canary} is synthetic when the
 * header's SHA-256 equals {@code benchline.signup.canary.token-sha256}, compared in constant time so the answer's
 * timing says nothing about the hash. Any other value, or any value while no hash is configured, is refused (403)
 * before anything happens: a wrong tag must not quietly become a customer's signup. The header is never logged.
 */
@Component
class CanaryTag {

    static final String HEADER = "X-Benchline-Canary";

    private final byte[] expected;

    CanaryTag(SignupProperties properties) {
        String configured = properties.canary().tokenSha256();
        this.expected = configured == null || configured.isBlank()
                ? null
                : HexFormat.of().parseHex(configured.strip().toLowerCase(Locale.ROOT));
    }

    /** Whether the signup is synthetic; throws the 403 for a header that does not match. */
    boolean synthetic(String header) {
        if (header == null) {
            return false;
        }
        if (expected == null || !MessageDigest.isEqual(sha256(header), expected)) {
            throw refused();
        }
        return true;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static ErrorResponseException refused() {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "canary credential not accepted");
        problem.setTitle("Forbidden");
        return new ErrorResponseException(HttpStatus.FORBIDDEN, problem, null);
    }
}
