package io.benchline.platform.sites;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one check every service runs before it sends a site's credentials (API key and secret, a password) to a URL
 * taken from an event. An event is input, not authority: anyone who can write to the topic could point a genuine
 * sealed key at their own host. So the URL must be {@code https} ({@code http} only with
 * {@code benchline.sites.allow-plain-http}), carry no user info, query or fragment, have no path but {@code /},
 * and its host must be exactly {@code <the event's subdomain>.<one of benchline.sites.domains>}. No DNS lookup is
 * made: names are compared as written.
 */
public final class SiteAddressPolicy {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DOMAIN =
            Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private final List<String> domains;
    private final boolean allowPlainHttp;

    public SiteAddressPolicy(SiteConnectionProperties properties) {
        this(properties.domains(), properties.allowPlainHttp());
    }

    public SiteAddressPolicy(List<String> domains, boolean allowPlainHttp) {
        this.domains = domains.stream().map(SiteAddressPolicy::domain).toList();
        this.allowPlainHttp = allowPlainHttp;
    }

    /** The configured site domains, lower case. */
    public List<String> domains() {
        return domains;
    }

    /**
     * For services that cannot work without it: refuses to start with no site domain configured, rather than fail
     * every signup later.
     */
    public void requireDomains(String service) {
        if (domains.isEmpty()) {
            throw new IllegalStateException(service + " sends site credentials only to <subdomain>.<site domain>:"
                    + " set benchline.sites.domains to the domain(s) customer sites live under, e.g. erp.example.com");
        }
    }

    /**
     * Accepts {@code siteUrl} as the site of the tenant whose subdomain is {@code subdomain}, or throws
     * {@link UntrustedSiteAddress} saying why.
     */
    public SiteAddress check(String subdomain, String siteUrl) {
        if (subdomain == null || !LABEL.matcher(subdomain).matches()) {
            throw new UntrustedSiteAddress("the event's subdomain is not a lower-case DNS label; no credentials sent");
        }
        URI url;
        try {
            url = new URI(siteUrl == null ? "" : siteUrl);
        } catch (URISyntaxException e) {
            throw new UntrustedSiteAddress("the site URL of " + subdomain + " is not a valid URL; no credentials sent");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        String shown = scheme + "://" + host;
        String expected = switch (domains.size()) {
            case 0 -> subdomain + ".<site domain>";
            case 1 -> subdomain + "." + domains.get(0);
            default -> subdomain + ".<" + String.join("|", domains) + ">";
        };
        if (!(scheme.equals("https") || (scheme.equals("http") && allowPlainHttp))) {
            throw refused(shown, expected, scheme.equals("http") ? "plain HTTP is not allowed" : "not https");
        }
        if (url.getRawUserInfo() != null) {
            throw refused(shown, expected, "it carries user info");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw refused(shown, expected, "it carries a query or fragment");
        }
        String path = url.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            throw refused(shown, expected, "it is not the site's root");
        }
        if (domains.isEmpty()) {
            throw refused(shown, expected, "no site domain is configured (benchline.sites.domains)");
        }
        for (String domain : domains) {
            if (host.equals(subdomain + "." + domain)) {
                return new SiteAddress(url, host);
            }
        }
        throw refused(shown, expected, "another host");
    }

    private static UntrustedSiteAddress refused(String shown, String expected, String why) {
        return new UntrustedSiteAddress("the event's site URL " + shown + " is not the tenant's site " + expected + " ("
                + why + "); no credentials were sent to it");
    }

    private static String domain(String configured) {
        String domain = configured == null ? "" : configured.strip().toLowerCase(Locale.ROOT);
        if (domain.length() > 253 || !DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException(
                    "benchline.sites.domains: '" + configured + "' is not a DNS name such as erp.example.com");
        }
        return domain;
    }
}
