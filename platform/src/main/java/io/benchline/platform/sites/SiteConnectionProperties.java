package io.benchline.platform.sites;

import java.time.Duration;
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
 */
@ConfigurationProperties("benchline.sites")
public record SiteConnectionProperties(
        Map<String, String> resolve,
        @DefaultValue("false") boolean allowPlainHttp,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("10s") Duration responseTimeout) {

    public SiteConnectionProperties {
        resolve = resolve == null ? Map.of() : Map.copyOf(resolve);
    }
}
