package io.benchline.simulator.rest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A status, a body, the cookies Frappe sets or expires and any other headers (a redirect's Location). */
record SiteResponse(int status, String contentType, byte[] body, List<String> setCookies, Map<String, String> headers) {

    static final String JSON = "application/json";

    static SiteResponse json(int status, String body) {
        return new SiteResponse(
                status, JSON, body.getBytes(StandardCharsets.UTF_8), new ArrayList<>(), new LinkedHashMap<>());
    }

    static SiteResponse html(int status, String body) {
        return new SiteResponse(
                status,
                "text/html; charset=utf-8",
                body.getBytes(StandardCharsets.UTF_8),
                new ArrayList<>(),
                new LinkedHashMap<>());
    }

    /** werkzeug's {@code redirect(location, code)}: a short HTML body naming the target. */
    static SiteResponse redirect(int status, String location) {
        String escaped = location.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
        return html(
                        status,
                        "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n"
                                + "<p>You should be redirected automatically to the target URL: <a href=\"" + escaped
                                + "\">" + escaped + "</a>. If not, click the link.\n")
                .withHeader("Location", location);
    }

    SiteResponse withCookie(String cookie) {
        List<String> cookies = new ArrayList<>(setCookies);
        cookies.add(cookie);
        return new SiteResponse(status, contentType, body, cookies, headers);
    }

    SiteResponse withHeader(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new SiteResponse(status, contentType, body, setCookies, all);
    }

    /** Frappe's {@code clear_cookies()} after a failed authentication. */
    SiteResponse expiringSessionCookies() {
        SiteResponse response = this;
        for (String name : List.of("full_name", "user_id", "sid", "user_image", "system_user")) {
            response = response.withCookie(name + "=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/");
        }
        return response;
    }
}
