package io.benchline.simulator.host;

import java.util.Map;

/**
 * Frappe v15's {@code get_url(uri)} (frappe/utils/data.py): {@code host_name} (or {@code hostname}) from the
 * site's config; else, inside a request, the request's scheme (X-Forwarded-Proto) and Host; else
 * {@code http(s)://<site folder name>} ({@code https} when the config has {@code ssl_certificate}). A bare name
 * gets {@code http://}. Then {@code http_port} or {@code webserver_port} is appended when neither
 * {@code restart_supervisor_on_update} nor {@code restart_systemd_on_update} is set and the URL has no port yet.
 */
public final class SiteUrls {

    private SiteUrls() {}

    /**
     * @param conf the site's config merged over common_site_config, as {@code frappe.conf}
     * @param requestHostUrl {@code protocol + request.host} inside a request, null from the command line
     */
    public static String url(Map<String, Object> conf, String site, String requestHostUrl, String uri) {
        String hostName = text(conf.get("host_name"));
        if (hostName == null) {
            hostName = text(conf.get("hostname"));
        }
        if (hostName == null) {
            if (requestHostUrl != null) {
                hostName = requestHostUrl;
            } else {
                hostName = (truthy(conf.get("ssl_certificate")) ? "https://" : "http://") + site;
            }
        }
        if (!hostName.startsWith("http://") && !hostName.startsWith("https://")) {
            hostName = "http://" + hostName;
        }
        Object port = truthy(conf.get("http_port")) ? conf.get("http_port") : conf.get("webserver_port");
        if (!truthy(conf.get("restart_supervisor_on_update"))
                && !truthy(conf.get("restart_systemd_on_update"))
                && !containsPort(hostName)
                && truthy(port)) {
            hostName = hostName + ":" + port;
        }
        // urljoin(host_name, "/path"): an absolute path replaces whatever path host_name had.
        int pathStart = hostName.indexOf('/', hostName.indexOf("://") + 3);
        String origin = pathStart < 0 ? hostName : hostName.substring(0, pathStart);
        return origin + uri;
    }

    /** {@code url_contains_port}: more than one colon in the URL. */
    private static boolean containsPort(String url) {
        return url.split(":", -1).length > 2;
    }

    private static String text(Object value) {
        return value == null || String.valueOf(value).isEmpty() ? null : String.valueOf(value);
    }

    static boolean truthy(Object value) {
        if (value == null || Boolean.FALSE.equals(value)) {
            return false;
        }
        if (value instanceof Number number) {
            return number.doubleValue() != 0;
        }
        return !(value instanceof String text) || !text.isEmpty();
    }
}
