package io.benchline.operator.canary;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Removes the canary's tenant the way an operator would: {@code POST /ops/tenants/{id}/deprovision} with no grace.
 * The operator API's view may not have seen the new tenant yet (404) or its activation (409), so those are asked
 * again, with the same Idempotency-Key, until {@code deadline}.
 */
final class OperatorApi {

    private final WebClient web;
    private final URI baseUrl;
    private final Duration timeout;
    private final Duration retryPause;
    private final Clock clock;

    OperatorApi(WebClient web, URI baseUrl, Duration timeout, Duration retryPause, Clock clock) {
        this.web = web;
        this.baseUrl = baseUrl;
        this.timeout = timeout;
        this.retryPause = retryPause;
        this.clock = clock;
    }

    void deprovision(UUID tenantId, String bearerToken, Duration patience) {
        Instant deadline = clock.instant().plus(patience);
        while (true) {
            HttpAnswer answer;
            try {
                answer = web.post()
                        .uri(baseUrl.resolve("/ops/tenants/" + tenantId + "/deprovision"))
                        .headers(h -> h.setBearerAuth(bearerToken))
                        .header("Idempotency-Key", "canary-deprovision-" + tenantId)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("reason", "canary", "graceSeconds", 0))
                        .exchangeToMono(HttpAnswer::read)
                        .timeout(timeout)
                        .block();
            } catch (RuntimeException e) {
                throw HttpFailures.of(CanaryStep.DEPROVISION, "POST /ops/tenants/{id}/deprovision", e);
            }
            int status = answer.status().value();
            if (status == 202) {
                return;
            }
            boolean notYetKnown = status == 404 || status == 409;
            if (!notYetKnown || clock.instant().plus(retryPause).isAfter(deadline)) {
                throw new CanaryStepFailed(
                        CanaryStep.DEPROVISION, "POST /ops/tenants/{id}/deprovision answered " + answer.describe());
            }
            Pause.of(retryPause, CanaryStep.DEPROVISION);
        }
    }
}
