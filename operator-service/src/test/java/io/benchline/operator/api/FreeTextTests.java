package io.benchline.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FreeTextTests {

    private final FreeText.Validator validator = new FreeText.Validator();

    @Test
    void acceptsOrdinaryWordsInAnyScriptUpTo500Characters() {
        assertThat(validator.isValid(null, null)).isTrue();
        assertThat(validator.isValid("Kunde hat gekündigt — 請求未払い 🙂", null)).isTrue();
        assertThat(validator.isValid("x".repeat(500), null)).isTrue();
    }

    @Test
    void refusesLongTextAndControlCharacters() {
        assertThat(validator.isValid("x".repeat(501), null)).isFalse();
        for (String text :
                new String[] {"a\nb", "a\rb", "a\tb", "\u001b[31mred", "a\u0000b", "a\u2028b", "\u202Eabc", "\u2066x"
                }) {
            assertThat(validator.isValid(text, null)).as(text).isFalse();
        }
    }
}
