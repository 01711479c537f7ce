package io.benchline.user.site;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One HTTP answer of a Frappe site: status and body, with the parts of Frappe's error body people can read.
 * Frappe puts user-facing text in {@code _server_messages}: a JSON string holding a list of JSON strings, each
 * {@code {"message", "title", "indicator"}}, where the message may hold HTML such as {@code <strong>}.
 */
record FrappeAnswer(int status, JsonNode body) {

    private static final Pattern TAG = Pattern.compile("<[^>]*>");

    static FrappeAnswer of(int status, String text, JsonMapper json) {
        JsonNode body;
        try {
            body = text == null || text.isBlank() ? json.createObjectNode() : json.readTree(text);
        } catch (RuntimeException e) {
            // Unknown sites answer with werkzeug's HTML 404 page, proxies with their own pages.
            body = json.createObjectNode();
        }
        return new FrappeAnswer(status, body);
    }

    String excType() {
        return body.path("exc_type").asString("");
    }

    /** The user-facing messages, HTML stripped, joined; else the exception type; else the status. */
    String readableMessage(JsonMapper json) {
        List<String> messages = new ArrayList<>();
        String serverMessages = body.path("_server_messages").asString("");
        if (!serverMessages.isEmpty()) {
            try {
                for (JsonNode entry : json.readTree(serverMessages)) {
                    JsonNode message = entry.isString() ? json.readTree(entry.asString()) : entry;
                    String text =
                            plain(message.isObject() ? message.path("message").asString("") : message.asString(""));
                    if (!text.isEmpty()) {
                        messages.add(text);
                    }
                }
            } catch (RuntimeException e) {
                // A malformed _server_messages is still an error answer; fall back to the exception type.
            }
        }
        if (messages.isEmpty() && !body.path("message").asString("").isEmpty()) {
            messages.add(plain(body.path("message").asString("")));
        }
        if (!messages.isEmpty()) {
            return String.join(" ", messages);
        }
        return excType().isEmpty() ? "HTTP " + status : excType() + " (HTTP " + status + ")";
    }

    /** What this answer was, for an operator: status and exception type. */
    String summary() {
        return excType().isEmpty() ? "HTTP " + status : "HTTP " + status + " " + excType();
    }

    static String plain(String html) {
        String text = TAG.matcher(html).replaceAll("");
        text = text.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&nbsp;", " ")
                .replace("&amp;", "&");
        return text.replaceAll("\\s+", " ").strip();
    }
}
