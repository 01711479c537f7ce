package io.benchline.user.site;

import io.benchline.platform.secrets.Secret;
import java.net.URI;

/**
 * Where a site answers and the Administrator's API credentials for it. The credentials are {@link Secret}s, so
 * this record's {@code toString} shows neither.
 */
public record SiteAccess(URI siteUrl, Secret apiKey, Secret apiSecret) {

    /** Frappe's token authentication: {@code token <api_key>:<api_secret>}, checked per request. */
    String authorization() {
        return "token " + apiKey.reveal() + ":" + apiSecret.reveal();
    }

    URI resolve(String path) {
        String base = siteUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }
}
