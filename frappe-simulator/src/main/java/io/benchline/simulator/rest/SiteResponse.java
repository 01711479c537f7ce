package io.benchline.simulator.rest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A status, a body and the cookies Frappe sets or expires. */
record SiteResponse(int status, String contentType, byte[] body, List<String> setCookies) {

    static final String JSON = "application/json";

    static SiteResponse json(int status, String body) {
        return new SiteResponse(status, JSON, body.getBytes(StandardCharsets.UTF_8), new ArrayList<>());
    }

    static SiteResponse html(int status, String body) {
        return new SiteResponse(
                status, "text/html; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), new ArrayList<>());
    }

    SiteResponse withCookie(String cookie) {
        List<String> cookies = new ArrayList<>(setCookies);
        cookies.add(cookie);
        return new SiteResponse(status, contentType, body, cookies);
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
