package io.benchline.simulator.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One request to a site, its body parsed once as form or JSON, the way {@code frappe.form_dict} merges them. */
final class SiteRequest {

    private final HttpExchange exchange;
    private final String site;
    private final Map<String, Object> form;
    private final String clientIp;
    private final String scheme;

    private SiteRequest(HttpExchange exchange, String site, Map<String, Object> form, String clientIp, String scheme) {
        this.exchange = exchange;
        this.site = site;
        this.form = form;
        this.clientIp = clientIp;
        this.scheme = scheme;
    }

    /**
     * @param clientIp {@code frappe.local.request_ip}: X-Forwarded-For as nginx sets it ({@code $remote_addr})
     * @param scheme X-Forwarded-Proto as nginx sets it ({@code $scheme})
     */
    @SuppressWarnings("unchecked")
    static SiteRequest read(HttpExchange exchange, String site, ObjectMapper json, String clientIp, String scheme)
            throws IOException {
        Map<String, Object> form = new LinkedHashMap<>();
        parseForm(exchange.getRequestURI().getRawQuery(), form);
        byte[] body = exchange.getRequestBody().readAllBytes();
        String contentType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type"))
                .orElse("");
        if (body.length > 0) {
            if (contentType.startsWith("application/json")) {
                try {
                    Object parsed = json.readValue(body, Object.class);
                    if (parsed instanceof Map<?, ?> map) {
                        form.putAll((Map<String, Object>) map);
                    }
                } catch (IOException e) {
                    // Frappe ignores a body it cannot decode; the handler then sees missing fields.
                }
            } else {
                parseForm(new String(body, StandardCharsets.UTF_8), form);
            }
        }
        return new SiteRequest(exchange, site, form, clientIp, scheme);
    }

    private static void parseForm(String raw, Map<String, Object> into) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.put(key, value);
        }
    }

    String method() {
        return exchange.getRequestMethod();
    }

    String path() {
        return exchange.getRequestURI().getPath();
    }

    String site() {
        return site;
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
    }

    Optional<String> cookie(String name) {
        List<String> cookies = exchange.getRequestHeaders().getOrDefault("Cookie", List.of());
        for (String header : cookies) {
            for (String part : header.split(";")) {
                String[] kv = part.strip().split("=", 2);
                if (kv.length == 2 && kv[0].equals(name)) {
                    return Optional.of(kv[1]);
                }
            }
        }
        return Optional.empty();
    }

    String clientIp() {
        return clientIp;
    }

    /** {@code get_host_name_from_request()}: the forwarded scheme and the Host header as sent (port included). */
    String hostUrl() {
        return ("https".equals(scheme) ? "https://" : "http://")
                + header("Host").orElse(site);
    }

    Map<String, Object> form() {
        return form;
    }

    Optional<String> formString(String key) {
        Object value = form.get(key);
        return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
    }
}
