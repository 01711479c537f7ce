package io.benchline.verifier.probe;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what a site's answer to {@code frappe.auth.get_logged_user} means. Routing trouble (the name does not
 * lead to the site yet), server trouble and refused keys are told apart, because they have different causes and
 * different fixes (frappe-facts.md, "Why a new site's API may not answer at once").
 */
final class SiteAnswers {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SiteAnswers() {}

    static ProbeResult ofResponse(int status, String body) {
        return switch (status) {
            case 200 ->
                isAdministrator(body)
                        ? new ProbeResult(ProbeOutcome.ACTIVE, "HTTP 200 as Administrator")
                        : new ProbeResult(
                                ProbeOutcome.UNREACHABLE,
                                "HTTP 200 without Frappe's Administrator answer: the name may lead to another web app");
            case 401 -> new ProbeResult(ProbeOutcome.KEYS_REJECTED, "HTTP 401: the API key or secret was rejected");
            case 403 -> new ProbeResult(ProbeOutcome.KEYS_REJECTED, "HTTP 403: the site treated the request as Guest");
            case 404 ->
                new ProbeResult(
                        ProbeOutcome.UNREACHABLE, "HTTP 404: the web server does not route the name to the site yet");
            default ->
                new ProbeResult(
                        ProbeOutcome.SERVER_ERROR,
                        status >= 500 ? "HTTP " + status + ": the site's server failed" : "HTTP " + status);
        };
    }

    /** Walks the cause chain: WebClient wraps the transport's exception. */
    static ProbeResult ofError(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return new ProbeResult(ProbeOutcome.UNREACHABLE, "the site's name does not resolve");
            }
            if (t instanceof io.netty.channel.ConnectTimeoutException) {
                // No answer to the connection attempt: the name points where nothing listens for it.
                return new ProbeResult(ProbeOutcome.UNREACHABLE, "no connection within the connect timeout");
            }
            if (t instanceof ConnectException) {
                return new ProbeResult(ProbeOutcome.UNREACHABLE, "connection refused");
            }
            if (t instanceof SSLException) {
                return new ProbeResult(
                        ProbeOutcome.UNREACHABLE, "TLS handshake failed: no valid certificate for the name yet");
            }
            if (t instanceof TimeoutException || t instanceof io.netty.handler.timeout.ReadTimeoutException) {
                return new ProbeResult(ProbeOutcome.SERVER_ERROR, "no answer within the response timeout");
            }
            if (t instanceof io.benchline.platform.sites.PlainHttpRefused) {
                return new ProbeResult(
                        ProbeOutcome.MISCONFIGURED,
                        "the site URL uses plain HTTP and benchline.sites.allow-plain-http is off");
            }
            if (t instanceof IllegalArgumentException) {
                return new ProbeResult(ProbeOutcome.MISCONFIGURED, "the site URL is not a valid URL");
            }
        }
        // Exception messages can carry URLs and headers; the class name alone is enough to investigate.
        return new ProbeResult(
                ProbeOutcome.SERVER_ERROR,
                "the probe failed: " + error.getClass().getSimpleName());
    }

    private static boolean isAdministrator(String body) {
        try {
            JsonNode answer = JSON.readTree(body);
            return answer != null
                    && answer.isObject()
                    && answer.size() == 1
                    && answer.path("message").isString()
                    && "Administrator".equals(answer.path("message").asString());
        } catch (JacksonException e) {
            return false;
        }
    }
}
