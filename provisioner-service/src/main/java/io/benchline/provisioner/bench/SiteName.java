package io.benchline.provisioner.bench;

import java.util.regex.Pattern;

/**
 * A Frappe site name that is safe on a command line: a validated subdomain label (RFC 1123, 3–63 characters, no
 * punycode {@code xx--} prefix) followed by a bench host's site domain. Anything else cannot be constructed.
 */
public record SiteName(String value) {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Pattern DOMAIN =
            Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

    public SiteName {
        int dot = value == null ? -1 : value.indexOf('.');
        if (dot < 0
                || !isValidSubdomain(value.substring(0, dot))
                || !DOMAIN.matcher(value.substring(dot + 1)).matches()
                || value.length() > 253) {
            throw new IllegalArgumentException("not a valid site name");
        }
    }

    /** The site of {@code subdomain} on a host whose sites live under {@code domain}. */
    public static SiteName of(String subdomain, String domain) {
        if (!isValidSubdomain(subdomain)) {
            throw new IllegalArgumentException("not a valid subdomain");
        }
        return new SiteName(subdomain + "." + domain);
    }

    public static boolean isValidSubdomain(String label) {
        return label != null
                && label.length() >= 3
                && label.length() <= 63
                && LABEL.matcher(label).matches()
                && !(label.length() >= 4 && label.charAt(2) == '-' && label.charAt(3) == '-');
    }

    @Override
    public String toString() {
        return value;
    }
}
