package io.benchline.signup.intake;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import io.benchline.platform.secrets.Secret;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * What a customer password must be: 10 to 512 characters (Frappe refuses longer ones) and hard to guess by
 * zxcvbn's estimate, which also knows the most common passwords and penalises the customer's own name, email and
 * organization. Messages describe the weakness, never the password.
 */
@Component
class PasswordPolicy {

    static final int MIN_LENGTH = 10;
    static final int MAX_LENGTH = 512;

    /** zxcvbn's scale is 0..4; 3 means "safely unguessable: moderate protection from offline attacks". */
    static final int MIN_SCORE = 3;

    /** zxcvbn's matching grows quickly with length; past 100 characters the prefix decides (its authors' advice). */
    private static final int ANALYSED_PREFIX = 100;

    private static final Pattern PLAIN_TEXT = Pattern.compile(SignupRequest.PLAIN_TEXT);

    private final Zxcvbn zxcvbn = new Zxcvbn();

    Optional<String> problem(Secret password, List<String> personalWords) {
        String value = password.reveal();
        int length = value.codePointCount(0, value.length());
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            return Optional.of("must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long");
        }
        if (!PLAIN_TEXT.matcher(value).matches()) {
            return Optional.of(SignupRequest.PLAIN_TEXT_MESSAGE);
        }
        CharSequence analysed = value.length() > ANALYSED_PREFIX ? value.subSequence(0, ANALYSED_PREFIX) : value;
        Strength strength = zxcvbn.measure(
                analysed,
                personalWords.stream()
                        .filter(word -> word != null && !word.isBlank())
                        .map(word -> word.toLowerCase(Locale.ROOT))
                        .toList());
        try {
            if (strength.getScore() >= MIN_SCORE) {
                return Optional.empty();
            }
            String warning = strength.getFeedback().getWarning(Locale.ENGLISH);
            return Optional.of("is too easy to guess"
                    + (warning == null || warning.isBlank() ? "" : " (" + warning.strip() + ")")
                    + "; use a longer phrase of uncommon words");
        } finally {
            strength.wipe();
        }
    }
}
