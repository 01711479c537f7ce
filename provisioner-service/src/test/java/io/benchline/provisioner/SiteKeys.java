package io.benchline.provisioner;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.events.SecretPurpose;
import io.benchline.events.SiteProvisioned;
import io.benchline.platform.secrets.Secret;
import io.benchline.platform.secrets.SecretSealer;
import io.benchline.platform.secrets.SecretSealers;
import io.benchline.platform.secrets.SecretsProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

/** Opens a SiteProvisioned's sealed credentials and proves the simulated site accepts them. */
final class SiteKeys {

    private SiteKeys() {}

    static SecretSealer sealer(String keyset) {
        return new SecretSealers(new SecretsProperties(
                        Map.of(SecretPurpose.SITE_CREDENTIALS, new SecretsProperties.KeysetSource(null, keyset))))
                .forPurpose(SecretPurpose.SITE_CREDENTIALS);
    }

    static void assertOpen(SimulatedBenchHost host, String keyset, SiteProvisioned provisioned) {
        UUID tenant = provisioned.getTenantId();
        SecretSealer sealer = sealer(keyset);
        Secret apiKey = sealer.open(tenant, "apiKey", provisioned.getSite().getApiKey());
        Secret apiSecret =
                sealer.open(tenant, "apiSecret", provisioned.getSite().getApiSecret());
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(host.simulator.gunicornBaseUrl()
                                            + "/api/method/frappe.auth.get_logged_user"))
                                    .header(
                                            "X-Frappe-Site-Name",
                                            provisioned.getSite().getSiteName())
                                    .header("Authorization", "token " + apiKey.reveal() + ":" + apiSecret.reveal())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode())
                    .as("status of get_logged_user with the emitted keys")
                    .isEqualTo(200);
            assertThat(answer.body()).contains("\"message\":\"Administrator\"");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
