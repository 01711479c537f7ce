package io.benchline.localstack;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * The local stack's development issuer of operator-service's bearer tokens (contracts §5): an RS256 key pair made
 * once per state folder ({@code operator-jwt/private.pem}, mode 600, and {@code operator-jwt/public.pem}, which
 * operator-service's resource server reads as {@code public-key-location}), and at every start two fresh tokens
 * signed with it, each a bare JWT in a file of mode 600: {@code operator-token} (read and write) and
 * {@code operator-token-readonly}. Production's tokens come from its identity provider; this key signs nothing else.
 */
final class OperatorTokens {

    static final String ISSUER = "benchline-local-dev";
    static final String AUDIENCE = "benchline-ops";
    /** A week: long enough for a developer's stack, short enough that a copied token goes stale. */
    static final Duration VALIDITY = Duration.ofDays(7);

    /** One token the launcher mints: who it names, the scopes it grants, the file it goes to. */
    record Grant(String subject, String scope, Path file) {}

    private static final String PRIVATE_KEY = "private.pem";
    private static final String PUBLIC_KEY = "public.pem";
    private static final int KEY_BITS = 2048;

    private final Path folder;
    private final RSAPrivateKey privateKey;
    private final List<Grant> grants;

    private OperatorTokens(Path folder, RSAPrivateKey privateKey, List<Grant> grants) {
        this.folder = folder;
        this.privateKey = privateKey;
        this.grants = grants;
    }

    /** The key pair of {@code state}, made on first use, and the two grants of the local stack. */
    static OperatorTokens of(StateFolder state) throws IOException, GeneralSecurityException {
        Path folder = state.operatorJwt();
        if (!Files.exists(folder.resolve(PRIVATE_KEY)) || !Files.exists(folder.resolve(PUBLIC_KEY))) {
            generate(folder);
        }
        return new OperatorTokens(
                folder,
                readPrivateKey(folder.resolve(PRIVATE_KEY)),
                List.of(
                        new Grant("local-operator", "ops:read ops:write", state.operatorToken()),
                        new Grant("local-readonly", "ops:read", state.operatorReadOnlyToken())));
    }

    /** What operator-service's {@code spring.security.oauth2.resourceserver.jwt.public-key-location} points at. */
    Path publicKey() {
        return folder.resolve(PUBLIC_KEY);
    }

    List<Grant> grants() {
        return grants;
    }

    /** The read-and-write token's file: the one to use with curl, and the canary's (it deprovisions). */
    Path readWriteToken() {
        return grants.get(0).file();
    }

    Path readOnlyToken() {
        return grants.get(1).file();
    }

    /** Writes a new token for every grant, valid from {@code now} for {@link #VALIDITY}, replacing the old ones. */
    void mint(Instant now) throws IOException {
        for (Grant grant : grants) {
            writePrivate(grant.file(), token(grant, now));
        }
    }

    private String token(Grant grant, Instant now) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(grant.subject())
                .claim("scope", grant.scope())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(VALIDITY)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(privateKey));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the development operator token", e);
        }
        return jwt.serialize();
    }

    private static void generate(Path folder) throws IOException, GeneralSecurityException {
        Files.createDirectories(folder);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(KEY_BITS);
        KeyPair pair = generator.generateKeyPair();
        // PKCS#8 and X.509 SubjectPublicKeyInfo PEM: what Spring's RsaKeyConverters (public-key-location) and
        // openssl read.
        writePrivate(
                folder.resolve(PRIVATE_KEY),
                pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(
                folder.resolve(PUBLIC_KEY), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    }

    private static RSAPrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
        String base64 = Files.readString(file)
                .replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        return (RSAPrivateKey) KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /**
     * Replaces {@code file} with {@code content} in a file made with mode 600 from the start (never readable by
     * others, not even between a write and a chmod).
     */
    static void writePrivate(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(
                file.getParent(),
                "." + file.getFileName(),
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temporary, content);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
