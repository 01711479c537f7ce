package io.benchline.signup.verification;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.signup.system.SignupProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EmailCodeRulesTests {

    private static final SignupProperties.EmailVerification SETTINGS = new SignupProperties.EmailVerification(
            true, Duration.ofMinutes(10), 5, Duration.ofSeconds(30), 3, Duration.ofMinutes(30), "x@y.z", null);
    private static final Instant T0 = Instant.parse("2026-11-28T05:00:00Z");

    private final EmailCodeRules rules = new EmailCodeRules(SETTINGS);
    private final EmailCodeState issued = EmailCodeRules.issued(UUID.randomUUID(), "a@b.c", "right", T0);

    @Test
    void wrongCodesCountDownAndTheSixthTryIsRefusedEvenWithTheRightCode() {
        EmailCodeState state = issued;
        for (int left = 4; left >= 0; left--) {
            EmailCodeRules.Outcome wrong = rules.check(state, "wrong", T0.plusSeconds(1));
            assertThat(wrong.answer().verdict()).isEqualTo(Verdict.WRONG);
            assertThat(wrong.answer().attemptsLeft()).isEqualTo(left);
            state = wrong.state();
        }
        assertThat(rules.check(state, "right", T0.plusSeconds(2)).answer().verdict())
                .isEqualTo(Verdict.TOO_MANY_ATTEMPTS);
    }

    @Test
    void theRightCodeVerifiesOnceAndAgainAfterwards() {
        EmailCodeRules.Outcome ok = rules.check(issued, "right", T0.plusSeconds(1));
        assertThat(ok.answer().verdict()).isEqualTo(Verdict.VERIFIED);
        assertThat(rules.check(ok.state(), "right", T0.plusSeconds(2)).answer().verdict())
                .isEqualTo(Verdict.ALREADY_VERIFIED);
        assertThat(rules.resend(ok.state(), "new", T0.plusSeconds(60)).answer().verdict())
                .isEqualTo(Verdict.ALREADY_VERIFIED);
    }

    @Test
    void aCodeExpiresAfterItsTimeToLive() {
        assertThat(rules.check(issued, "right", T0.plus(Duration.ofMinutes(10)))
                        .answer()
                        .verdict())
                .isEqualTo(Verdict.CODE_EXPIRED);
    }

    @Test
    void resendWaitsForTheCooldownResetsAttemptsAndStopsAtMaxCodes() {
        EmailCodeRules.Outcome early = rules.resend(issued, "second", T0.plusSeconds(10));
        assertThat(early.answer().verdict()).isEqualTo(Verdict.COOLDOWN);
        assertThat(early.answer().retryAfterSeconds()).isEqualTo(20);
        assertThat(early.state()).isNull();

        EmailCodeState locked = rules.check(issued, "wrong", T0).state();
        EmailCodeRules.Outcome second = rules.resend(locked, "second", T0.plusSeconds(30));
        assertThat(second.answer().verdict()).isEqualTo(Verdict.SENT);
        assertThat(second.answer().email()).isEqualTo("a@b.c");
        assertThat(second.state().attempts()).isZero();
        assertThat(rules.check(second.state(), "right", T0.plusSeconds(31))
                        .answer()
                        .verdict())
                .isEqualTo(Verdict.WRONG);

        EmailCodeState third =
                rules.resend(second.state(), "third", T0.plusSeconds(60)).state();
        assertThat(rules.resend(third, "fourth", T0.plusSeconds(90)).answer().verdict())
                .isEqualTo(Verdict.TOO_MANY_CODES);
    }

    @Test
    void aClosedWindowRefusesChecksAndResends() {
        EmailCodeState closed = EmailCodeRules.closed(issued);
        assertThat(rules.check(closed, "right", T0).answer().verdict()).isEqualTo(Verdict.WINDOW_CLOSED);
        assertThat(rules.resend(closed, "x", T0.plusSeconds(60)).answer().verdict())
                .isEqualTo(Verdict.WINDOW_CLOSED);
        assertThat(EmailCodeRules.closed(closed)).isNull();
        assertThat(rules.check(null, "right", T0).answer().verdict()).isEqualTo(Verdict.UNKNOWN);
    }
}
