package io.benchline.platform.sites;

/**
 * An event's site URL is not the tenant's site: not {@code https} (or plain HTTP where allowed), or its host is not
 * exactly {@code <subdomain>.<a configured site domain>}. Nothing was sent to it. The message names the URL's
 * scheme and host only (never user info, path or query) and is fit for a {@code ProvisioningFailed} message.
 */
public class UntrustedSiteAddress extends RuntimeException {

    UntrustedSiteAddress(String message) {
        super(message);
    }
}
