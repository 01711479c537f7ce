package io.benchline.signup.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchline.signup.access.StreamTokens.Check.Outcome;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Stream tokens name their key, so keys rotate without ending live streams, and live only as long as the signup. */
class StreamTokensTests {

    private static final String OLD_KEY = randomKey();
    private static final String NEW_KEY = randomKey();
    private static final Instant NOW = Instant.parse("2026-11-28T03:00:00Z");
    private static final Instant DEADLINE = NOW.plus(Duration.ofMinutes(30));

    @Test
    void aTokenSignedWithTheOldKeyStillOpensAfterRotationAndNewTokensUseTheNewKey() {
        UUID tenantId = UUID.randomUUID();
        StreamTokens before = tokens(Map.of("k1", OLD_KEY), "k1", NOW);
        String old = before.issue(tenantId, DEADLINE);
        assertThat(old).startsWith("k1.");

        StreamTokens during = tokens(Map.of("k1", OLD_KEY, "k2", NEW_KEY), "k2", NOW);
        assertThat(during.check(old, tenantId).outcome()).isEqualTo(Outcome.GRANTED);
        String fresh = during.issue(tenantId, DEADLINE);
        assertThat(fresh).startsWith("k2.");
        assertThat(before.check(fresh, tenantId).outcome())
                .as("an instance that does not know k2 yet")
                .isEqualTo(Outcome.UNAUTHENTICATED);

        StreamTokens after = tokens(Map.of("k2", NEW_KEY), null, NOW);
        assertThat(after.check(fresh, tenantId).outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(after.check(old, tenantId).outcome()).as("k1 retired").isEqualTo(Outcome.UNAUTHENTICATED);
    }

    @Test
    void aTokenCannotBeRelabelledWithAnotherKeyId() {
        UUID tenantId = UUID.randomUUID();
        StreamTokens both = tokens(Map.of("k1", OLD_KEY, "k2", NEW_KEY), "k1", NOW);
        String token = both.issue(tenantId, DEADLINE);
        assertThat(both.check(token.replaceFirst("^k1\\.", "k2."), tenantId).outcome())
                .isEqualTo(Outcome.DENIED);
    }

    @Test
    void aTokenLastsUntilTheDeadlineGraceAndHandOffWindowThenIs401() {
        UUID tenantId = UUID.randomUUID();
        String token = tokens(Map.of("k1", OLD_KEY), null, NOW).issue(tenantId, DEADLINE);
        Instant end = DEADLINE.plusSeconds(30).plus(Duration.ofMinutes(10));

        var atEnd = tokens(Map.of("k1", OLD_KEY), null, end).check(token, tenantId);
        assertThat(atEnd.outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(atEnd.expiresAt()).isEqualTo(end);
        assertThat(tokens(Map.of("k1", OLD_KEY), null, end.plusSeconds(1))
                        .check(token, tenantId)
                        .outcome())
                .isEqualTo(Outcome.UNAUTHENTICATED);
    }

    @Test
    void anythingMalformedIsUnauthenticatedAndAnotherTenantsTokenIsDenied() {
        StreamTokens tokens = tokens(Map.of("k1", OLD_KEY), null, NOW);
        UUID tenantId = UUID.randomUUID();
        for (String bad : List.of(
                "", "9223372036854775807.x", "k1.9223372036854775807.x", "k1.-5.abc", "k9.1.x", "k1..", "a.b.c.d")) {
            assertThat(tokens.check(bad, tenantId).outcome()).as(bad).isEqualTo(Outcome.UNAUTHENTICATED);
        }
        String someoneElses = tokens.issue(UUID.randomUUID(), DEADLINE);
        assertThat(tokens.check(someoneElses, tenantId).outcome()).isEqualTo(Outcome.DENIED);
    }

    @Test
    void severalKeysNeedACurrentOneAndTheSingleTokenKeyStillWorks() {
        assertThatThrownBy(() -> tokens(Map.of("k1", OLD_KEY, "k2", NEW_KEY), null, NOW))
                .hasMessageContaining("current-key-id");
        assertThatThrownBy(() -> tokens(Map.of("k1", "c2hvcnQ="), null, NOW))
                .hasMessageContaining("at least 32 bytes")
                .hasMessageNotContaining("c2hvcnQ=");
        StreamTokens legacy = new StreamTokens(
                new StreamAccessProperties(OLD_KEY, Map.of(), null, Duration.ofMinutes(10), true),
                Duration.ofSeconds(30),
                Clock.fixed(NOW, ZoneOffset.UTC));
        UUID tenantId = UUID.randomUUID();
        String token = legacy.issue(tenantId, DEADLINE);
        assertThat(token).startsWith("default.");
        assertThat(legacy.check(token, tenantId).outcome()).isEqualTo(Outcome.GRANTED);
    }

    private static StreamTokens tokens(Map<String, String> keys, String current, Instant now) {
        return new StreamTokens(
                new StreamAccessProperties(null, keys, current, Duration.ofMinutes(10), true),
                Duration.ofSeconds(30),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
