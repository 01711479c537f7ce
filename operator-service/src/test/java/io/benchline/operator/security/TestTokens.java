package io.benchline.operator.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * An RSA signing key made for the test, its public half as the X.509 PEM the service reads through
 * {@code spring.security.oauth2.resourceserver.jwt.public-key-location}, and RS256 tokens signed with it (or with
 * a stranger's key), as an identity provider would issue them.
 */
public final class TestTokens {

    public static final String ISSUER = "benchline-test-issuer";
    public static final String AUDIENCE = "benchline-ops";

    private final KeyPair key = rsaKey();
    private final KeyPair strangersKey = rsaKey();
    private final Path publicKeyPem;

    public TestTokens(Path folder) {
        try {
            publicKeyPem = folder.resolve("public.pem");
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes())
                    .encodeToString(key.getPublic().getEncoded());
            Files.writeString(publicKeyPem, "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code file:<pem>}, for {@code spring.security.oauth2.resourceserver.jwt.public-key-location}. */
    public String publicKeyLocation() {
        return "file:" + publicKeyPem.toAbsolutePath();
    }

    /** A valid token of {@code subject} with this scope (space-separated), valid for an hour. */
    public String token(String subject, String scope) {
        return claims(subject, scope).sign();
    }

    public Claims claims(String subject, String scope) {
        Instant now = Instant.now();
        return new Claims(
                new JWTClaimsSet.Builder()
                        .subject(subject)
                        .issuer(ISSUER)
                        .audience(List.of(AUDIENCE))
                        .claim("scope", scope)
                        .issueTime(Date.from(now))
                        .notBeforeTime(Date.from(now.minusSeconds(5)))
                        .expirationTime(Date.from(now.plus(Duration.ofHours(1)))),
                key.getPrivate());
    }

    /** A token builder: change what a test needs, then {@link #sign()} (or {@link #signByStranger()}). */
    public final class Claims {

        private final JWTClaimsSet.Builder builder;
        private PrivateKey signingKey;

        private Claims(JWTClaimsSet.Builder builder, PrivateKey signingKey) {
            this.builder = builder;
            this.signingKey = signingKey;
        }

        public Claims issuer(String issuer) {
            builder.issuer(issuer);
            return this;
        }

        public Claims audience(String audience) {
            builder.audience(List.of(audience));
            return this;
        }

        public Claims expiresAt(Instant at) {
            builder.expirationTime(Date.from(at));
            return this;
        }

        public Claims notBefore(Instant at) {
            builder.notBeforeTime(Date.from(at));
            return this;
        }

        public String sign() {
            try {
                SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), builder.build());
                jwt.sign(new RSASSASigner(signingKey));
                return jwt.serialize();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        public String signByStranger() {
            signingKey = strangersKey.getPrivate();
            return sign();
        }
    }

    private static KeyPair rsaKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
