package io.benchline.signup.status;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many SSE streams may be open and for how long. A stream past {@code maxLifetime} ends (the browser's
 * EventSource reconnects with {@code Last-Event-ID} and loses nothing); {@code maxPerSignup} and
 * {@code maxPerClient} (client = peer address) refuse further streams with 429, {@code maxPerInstance} with 503.
 * {@code retryAfter} is what the refusals tell the client to wait.
 */
@ConfigurationProperties("benchline.signup.streams")
public record StreamLimits(
        @DefaultValue("15m") Duration maxLifetime,
        @DefaultValue("4") int maxPerSignup,
        @DefaultValue("32") int maxPerClient,
        @DefaultValue("20000") int maxPerInstance,
        @DefaultValue("10s") Duration retryAfter) {}
