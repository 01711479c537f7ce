package io.benchline.verifier.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchline.platform.sites.SiteConnectionProperties;
import io.benchline.platform.sites.SiteWebClients;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClientRequestException;

class SiteAnswersTests {

    @Test
    void onlyTheExactAdministratorAnswerIsSuccess() {
        assertThat(SiteAnswers.ofResponse(200, "{\"message\":\"Administrator\"}")
                        .outcome())
                .isEqualTo(ProbeOutcome.ACTIVE);
        assertThat(SiteAnswers.ofResponse(200, "{\"message\": \"Administrator\"}\n")
                        .outcome())
                .isEqualTo(ProbeOutcome.ACTIVE);
        assertThat(SiteAnswers.ofResponse(200, "{\"message\":\"Guest\"}").outcome())
                .isEqualTo(ProbeOutcome.UNREACHABLE);
        assertThat(SiteAnswers.ofResponse(200, "{\"message\":\"Administrator\",\"extra\":1}")
                        .outcome())
                .isEqualTo(ProbeOutcome.UNREACHABLE);
        assertThat(SiteAnswers.ofResponse(200, "<html>Welcome to nginx!</html>").outcome())
                .isEqualTo(ProbeOutcome.UNREACHABLE);
        assertThat(SiteAnswers.ofResponse(200, "").outcome()).isEqualTo(ProbeOutcome.UNREACHABLE);
    }

    @Test
    void routingTroubleServerTroubleAndRejectedKeysAreToldApart() {
        assertThat(SiteAnswers.ofResponse(404, "").outcome()).isEqualTo(ProbeOutcome.UNREACHABLE);
        assertThat(SiteAnswers.ofResponse(502, "").outcome()).isEqualTo(ProbeOutcome.SERVER_ERROR);
        assertThat(SiteAnswers.ofResponse(503, "").outcome()).isEqualTo(ProbeOutcome.SERVER_ERROR);
        assertThat(SiteAnswers.ofResponse(401, "").outcome()).isEqualTo(ProbeOutcome.KEYS_REJECTED);
        assertThat(SiteAnswers.ofResponse(403, "").outcome()).isEqualTo(ProbeOutcome.KEYS_REJECTED);
    }

    @Test
    void transportFailuresAreReadThroughWebClientsWrapper() {
        assertThat(SiteAnswers.ofError(wrapped(new UnknownHostException("acme.example")))
                        .outcome())
                .isEqualTo(ProbeOutcome.UNREACHABLE);
        assertThat(SiteAnswers.ofError(wrapped(new ConnectException("Connection refused")))
                        .outcome())
                .isEqualTo(ProbeOutcome.UNREACHABLE);
        assertThat(SiteAnswers.ofError(wrapped(new SSLHandshakeException("PKIX path building failed")))
                        .outcome())
                .isEqualTo(ProbeOutcome.UNREACHABLE);
        assertThat(SiteAnswers.ofError(new TimeoutException()).outcome()).isEqualTo(ProbeOutcome.SERVER_ERROR);
        assertThat(SiteAnswers.ofError(wrapped(io.netty.handler.timeout.ReadTimeoutException.INSTANCE))
                        .outcome())
                .isEqualTo(ProbeOutcome.SERVER_ERROR);
    }

    @Test
    void plainHttpRefusedByThePlatformClientCannotBeRetriedAway() {
        var sites = new SiteWebClients(new SiteConnectionProperties(
                Map.of(), false, Duration.ofSeconds(1), Duration.ofSeconds(1), java.util.List.of()));
        var client = new SiteApiClient(sites.webClient(), Duration.ofSeconds(2));

        ProbeResult result = client.probe(new ProbeTarget(
                        "acme.localhost",
                        "http://acme.localhost:8000",
                        io.benchline.platform.secrets.Secret.of("key"),
                        io.benchline.platform.secrets.Secret.of("secret")))
                .block(Duration.ofSeconds(5));

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.MISCONFIGURED);
    }

    private static WebClientRequestException wrapped(Exception cause) {
        return new WebClientRequestException(
                cause,
                org.springframework.http.HttpMethod.GET,
                java.net.URI.create("https://acme.example/api/method/frappe.auth.get_logged_user"),
                new org.springframework.http.HttpHeaders());
    }
}
