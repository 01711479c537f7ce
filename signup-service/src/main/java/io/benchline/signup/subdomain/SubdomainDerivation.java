package io.benchline.signup.subdomain;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Derives a subdomain from an organization name when the customer gave none: lower-cased, accents dropped, every
 * run of other characters turned into one {@code -}, trimmed to a valid label; a short random suffix makes it
 * unique when the plain name is taken or reserved.
 */
@Component
public class SubdomainDerivation {

    static final int SUFFIX_LENGTH = 4;
    private static final String SUFFIX_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
    private static final String FALLBACK = "site";

    private final SecureRandom random = new SecureRandom();

    public String fromOrganization(String organization) {
        String ascii = Normalizer.normalize(organization, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT);
        String label = trimHyphens(ascii.replaceAll("[^a-z0-9]+", "-"));
        if (label.length() > SubdomainRules.MAX_LENGTH) {
            label = trimHyphens(label.substring(0, SubdomainRules.MAX_LENGTH));
        }
        if (label.startsWith("--", 2)) {
            label = label.substring(0, 2) + label.substring(4);
        }
        return label.length() < SubdomainRules.MIN_LENGTH ? withSuffix(label.isEmpty() ? FALLBACK : label) : label;
    }

    /** {@code base-xxxx}, shortened so the result stays within 63 characters. */
    public String withSuffix(String base) {
        int room = SubdomainRules.MAX_LENGTH - SUFFIX_LENGTH - 1;
        String head = trimHyphens(base.length() > room ? base.substring(0, room) : base);
        StringBuilder name = new StringBuilder(head.isEmpty() ? FALLBACK : head).append('-');
        for (int i = 0; i < SUFFIX_LENGTH; i++) {
            name.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
        }
        return name.toString();
    }

    private static String trimHyphens(String label) {
        int start = 0;
        int end = label.length();
        while (start < end && label.charAt(start) == '-') {
            start++;
        }
        while (end > start && label.charAt(end - 1) == '-') {
            end--;
        }
        return label.substring(start, end);
    }
}
