package io.benchline.user.site;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How hard user-service tries a site that answers 401, 404, 429, 5xx or not at all: exponential backoff with
 * jitter from {@code firstBackoff} up to {@code maxBackoff}, at most {@code maxAttempts} requests, and no new
 * attempt once {@code budget} (or the signup's deadline, if sooner) has passed.
 */
@Validated
@ConfigurationProperties("benchline.user.site-calls")
public record SiteCallProperties(
        @DefaultValue("500ms") Duration firstBackoff,
        @DefaultValue("5s") Duration maxBackoff,
        @DefaultValue("6") @Min(1) int maxAttempts,
        @DefaultValue("45s") Duration budget) {}
