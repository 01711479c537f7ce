package io.benchline.operator.api;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An operator's words (a reason, a note): at most 500 characters and no control characters (line breaks, escape
 * sequences, bidirectional overrides). The text never reaches a shell, but it lands in logs, events and the
 * timeline, where such characters forge lines or hide text. {@code null} is valid (the field is optional).
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = FreeText.Validator.class)
@interface FreeText {

    int MAX_LENGTH = 500;

    String message() default "at most 500 characters, no control characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<FreeText, String> {

        @Override
        public boolean isValid(String text, ConstraintValidatorContext context) {
            return text == null
                    || (text.length() <= MAX_LENGTH && text.codePoints().noneMatch(Validator::isControl));
        }

        static boolean isControl(int c) {
            return Character.isISOControl(c)
                    || c == 0x2028 // line separator
                    || c == 0x2029 // paragraph separator
                    || (c >= 0x202A && c <= 0x202E) // bidirectional embeddings and overrides
                    || (c >= 0x2066 && c <= 0x2069); // bidirectional isolates
        }
    }
}
