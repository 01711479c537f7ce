package io.benchline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.events.SealedSecret;
import io.benchline.events.Site;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

/**
 * A site's Administrator API key and secret in plain text, opened from an event's sealed {@link Site} (or read
 * from the bench host), and the proof that they work: {@code frappe.auth.get_logged_user} on the site answers
 * 200 {@code Administrator}. {@code toString} never shows the secret.
 */
public record SiteKeys(String apiKey, String apiSecret) {

    /**
     * How the caller opens a sealed field with its platform {@code SecretSealer}, e.g.
     * {@code (t, f, s) -> sealer.open(new SealingContext(t, siteHost), SealedField.valueOf(f), s).reveal()} with
     * {@code siteHost} the host of the site's URL: {@code field} is the name of the
     * platform's {@code SealedField} constant (test-support cannot depend on platform, which tests with it).
     */
    @FunctionalInterface
    public interface Opener {
        String open(UUID tenantId, String field, SealedSecret ciphertext);
    }

    /** Opens {@code apiKey} and {@code apiSecret} of {@code site}, sealed for {@code tenantId}. */
    public static SiteKeys open(UUID tenantId, Site site, Opener opener) {
        return new SiteKeys(
                opener.open(tenantId, "API_KEY", site.getApiKey()),
                opener.open(tenantId, "API_SECRET", site.getApiSecret()));
    }

    /**
     * Asserts that the sealed keys of {@code site} open the site as Administrator at {@code gunicornBaseUrl}: the
     * host's Frappe reached directly (the simulator's {@code gunicornBaseUrl()}), where {@code X-Frappe-Site-Name}
     * picks the site (through nginx only the Host header does, and the JDK client may not set Host), and returns them for further checks (e.g. secret scans).
     */
    public static SiteKeys assertOpenSite(String gunicornBaseUrl, UUID tenantId, Site site, Opener opener) {
        SiteKeys keys = open(tenantId, site, opener);
        HttpResponse<String> answer = keys.loggedUser(gunicornBaseUrl, site.getSiteName());
        assertThat(answer.statusCode())
                .as("status of get_logged_user with the emitted keys")
                .isEqualTo(200);
        assertThat(answer.body()).contains("\"message\":\"Administrator\"");
        return keys;
    }

    /** {@code GET /api/method/frappe.auth.get_logged_user} on {@code siteName} with these keys. */
    public HttpResponse<String> loggedUser(String gunicornBaseUrl, String siteName) {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create(gunicornBaseUrl + "/api/method/frappe.auth.get_logged_user"))
                                    .header("X-Frappe-Site-Name", siteName)
                                    .header("Authorization", authorization())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The {@code Authorization} header value Frappe expects: {@code token <key>:<secret>}. */
    public String authorization() {
        return "token " + apiKey + ":" + apiSecret;
    }

    @Override
    public String toString() {
        return "SiteKeys[apiKey=" + apiKey + ", apiSecret=(redacted)]";
    }
}
