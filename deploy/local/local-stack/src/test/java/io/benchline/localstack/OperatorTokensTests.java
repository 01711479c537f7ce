package io.benchline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The launcher's development issuer: tokens that Spring Security's own decoder accepts with the public key file
 * operator-service is pointed at (read as Boot reads {@code public-key-location}), with the contract's claims, a
 * week's validity, and every secret file readable by its owner only.
 */
class OperatorTokensTests {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    Path root;

    @Test
    void mintsAReadWriteAndAReadOnlyTokenThatVerifyWithThePublicKeyFile() throws Exception {
        StateFolder state = StateFolder.prepare(root, false);
        OperatorTokens tokens = OperatorTokens.of(state);
        tokens.mint(NOW);

        assertThat(tokens.publicKey()).isEqualTo(root.resolve("operator-jwt/public.pem"));
        assertThat(tokens.readWriteToken()).isEqualTo(root.resolve("operator-token"));
        assertThat(tokens.readOnlyToken()).isEqualTo(root.resolve("operator-token-readonly"));

        Jwt operator = decoder(tokens.publicKey()).decode(Files.readString(tokens.readWriteToken()));
        assertThat(operator.getSubject()).isEqualTo("local-operator");
        assertThat(operator.getClaimAsString("scope")).isEqualTo("ops:read ops:write");
        assertThat(operator.getClaimAsString("iss")).isEqualTo("benchline-local-dev");
        assertThat(operator.getAudience()).containsExactly("benchline-ops");
        assertThat(operator.getIssuedAt()).isEqualTo(NOW);
        assertThat(operator.getNotBefore()).isEqualTo(NOW);
        assertThat(operator.getExpiresAt()).isEqualTo(NOW.plus(Duration.ofDays(7)));
        assertThat(operator.getId()).isNotBlank();
        assertThat(operator.getHeaders()).containsEntry("alg", "RS256");

        Jwt readOnly = decoder(tokens.publicKey()).decode(Files.readString(tokens.readOnlyToken()));
        assertThat(readOnly.getSubject()).isEqualTo("local-readonly");
        assertThat(readOnly.getClaimAsString("scope")).isEqualTo("ops:read");
        assertThat(readOnly.getExpiresAt()).isEqualTo(NOW.plus(Duration.ofDays(7)));
    }

    @Test
    void theTokensAreBareJwtsInFilesOnlyTheOwnerReadsAndSoIsThePrivateKey() throws Exception {
        StateFolder state = StateFolder.prepare(root, false);
        OperatorTokens tokens = OperatorTokens.of(state);
        tokens.mint(NOW);

        for (Path secret :
                List.of(tokens.readWriteToken(), tokens.readOnlyToken(), root.resolve("operator-jwt/private.pem"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
                    .as("%s", secret.getFileName())
                    .isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("operator-jwt"))))
                .isEqualTo("rwx------");
        assertThat(Files.readString(tokens.readWriteToken()))
                .as("a bare compact JWS: no 'Bearer', no newline")
                .matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(Files.readString(root.resolve("operator-jwt/private.pem")))
                .startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(root)
                .as("no temporary file left behind")
                .isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".tmp"));
    }

    @Test
    void aSecondStartKeepsTheKeyAndMintsNewTokens() throws Exception {
        StateFolder state = StateFolder.prepare(root, false);
        OperatorTokens first = OperatorTokens.of(state);
        first.mint(NOW.minus(Duration.ofHours(1)));
        String publicKey = Files.readString(first.publicKey());
        String firstToken = Files.readString(first.readWriteToken());

        OperatorTokens second = OperatorTokens.of(StateFolder.prepare(root, false));
        second.mint(NOW);

        assertThat(Files.readString(second.publicKey())).isEqualTo(publicKey);
        String secondToken = Files.readString(second.readWriteToken());
        assertThat(secondToken).isNotEqualTo(firstToken);
        Jwt reminted = decoder(second.publicKey()).decode(secondToken);
        assertThat(reminted.getExpiresAt()).isEqualTo(NOW.plus(Duration.ofDays(7)));
        assertThat(decoder(second.publicKey()).decode(firstToken).getSubject())
                .as("the key is kept, so a token minted before a restart still verifies until it expires")
                .isEqualTo("local-operator");
    }

    @Test
    void aFreshStateMakesANewKeyThatRejectsTheOldTokens() throws Exception {
        OperatorTokens before = OperatorTokens.of(StateFolder.prepare(root, false));
        before.mint(NOW);
        String oldToken = Files.readString(before.readWriteToken());

        OperatorTokens after = OperatorTokens.of(StateFolder.prepare(root, true));
        after.mint(NOW);

        assertThatThrownBy(() -> decoder(after.publicKey()).decode(oldToken))
                .isInstanceOf(org.springframework.security.oauth2.jwt.BadJwtException.class);
    }

    @Test
    void anExpiredTokenOrAnotherAudienceIsRejected() throws Exception {
        OperatorTokens tokens = OperatorTokens.of(StateFolder.prepare(root, false));
        tokens.mint(NOW.minus(Duration.ofDays(8)));

        assertThatThrownBy(() -> decoder(tokens.publicKey()).decode(Files.readString(tokens.readWriteToken())))
                .isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");

        tokens.mint(NOW);
        NimbusJwtDecoder otherAudience =
                NimbusJwtDecoder.withPublicKey(publicKey(tokens.publicKey())).build();
        otherAudience.setJwtValidator(new JwtClaimValidator<List<String>>(
                JwtClaimNames.AUD, aud -> aud != null && aud.contains("someone-else")));
        assertThatThrownBy(() -> otherAudience.decode(Files.readString(tokens.readWriteToken())))
                .isInstanceOf(JwtValidationException.class);
    }

    @Test
    void theCanaryTokenIsMadeOnceAndSignupServiceGetsItsSha256() throws Exception {
        StateFolder state = StateFolder.prepare(root, false);
        String token = Files.readString(state.canaryToken());
        String sha256 = state.canaryTokenSha256();

        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.canaryToken())))
                .isEqualTo("rw-------");
        assertThat(sha256)
                .isEqualTo(java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        assertThat(StateFolder.prepare(root, false).canaryTokenSha256())
                .as("kept across starts")
                .isEqualTo(sha256);
    }

    /** Spring Security's decoder with the checks operator-service makes: signature, time, issuer, audience. */
    private static NimbusJwtDecoder decoder(Path publicKeyFile) throws Exception {
        NimbusJwtDecoder decoder =
                NimbusJwtDecoder.withPublicKey(publicKey(publicKeyFile)).build();
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>(
                JwtClaimNames.AUD, aud -> aud != null && aud.contains(OperatorTokens.AUDIENCE));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(OperatorTokens.ISSUER), audience));
        return decoder;
    }

    /** As Boot reads {@code public-key-location}: an X.509 PEM through {@link RsaKeyConverters#x509()}. */
    private static RSAPublicKey publicKey(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return RsaKeyConverters.x509().convert(in);
        }
    }
}
