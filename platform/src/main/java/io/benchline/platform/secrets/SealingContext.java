package io.benchline.platform.secrets;

import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Whose secret a ciphertext holds: the tenant and the customer-facing host of its site ({@code <subdomain>.<site
 * domain>}, the host of the signup's {@code siteUrl}). Both are bound into the associated data, so a ciphertext
 * copied into another tenant's event, or into this tenant's event re-pointed at another site, does not open.
 *
 * <p>The host is the one the event's {@code siteUrl} names after {@code SiteAddressPolicy} accepted it (sealing
 * services derive it the same way), lower-cased; it is never a port, a URL or a bench host id.
 */
public record SealingContext(UUID tenantId, String siteHost) {

    /** A lower-case DNS name of one or more labels, as site hosts are; nothing in it can contain a colon. */
    private static final Pattern HOST =
            Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    public SealingContext {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(siteHost, "siteHost");
        siteHost = siteHost.toLowerCase(Locale.ROOT);
        if (siteHost.length() > 253 || !HOST.matcher(siteHost).matches()) {
            throw new IllegalArgumentException(
                    "the site host of a sealing context must be a DNS name, not '" + siteHost + "'");
        }
    }

    /**
     * The context's part of the associated data: {@code tenant:<tenantId>:site:<siteHost>}. Every part is a fixed
     * word, a UUID or a DNS name, none of which holds a colon, so the string cannot be read two ways.
     */
    String associatedDataPart() {
        return "tenant:" + tenantId + ":site:" + siteHost;
    }
}
