package io.benchline.platform.sites;

import java.net.URI;

/**
 * A site URL from an event that {@link SiteAddressPolicy} accepted for a tenant: {@code url} is where requests go,
 * {@code host} its host in lower case, exactly {@code <subdomain>.<a configured site domain>} (the host sealed
 * secrets are bound to).
 */
public record SiteAddress(URI url, String host) {}
