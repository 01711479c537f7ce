package io.benchline.platform.sites;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How services reach customer sites.
 *
 * @param resolve host name (or {@code *.suffix} pattern) to IP address, like curl's {@code --resolve}: the request
 *     keeps the site's name in its URL and Host header but connects to that address. In YAML, bracket keys
 *     that hold dots or stars: {@code "[*.localhost]": 127.0.0.1}.
 * @param allowPlainHttp {@code http://} site URLs are refused unless this is set (the local stack sets it).
 * @param domains the domains customer sites live under ({@code erp.example.com} for {@code acme.erp.example.com};
 *     the local stack: {@code localhost}). A service sends a site's credentials only to
 *     {@code <the event's subdomain>.<one of these>} ({@link SiteAddressPolicy}); empty refuses every site.
 */
@ConfigurationProperties("benchline.sites")
public record SiteConnectionProperties(
        Map<String, String> resolve,
        @DefaultValue("false") boolean allowPlainHttp,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("10s") Duration responseTimeout,
        List<String> domains) {

    public SiteConnectionProperties {
        resolve = resolve == null ? Map.of() : Map.copyOf(resolve);
        domains = domains == null ? List.of() : List.copyOf(domains);
    }
}
