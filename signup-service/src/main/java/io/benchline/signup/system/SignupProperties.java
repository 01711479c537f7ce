package io.benchline.signup.system;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How signup-service behaves. {@code siteUrlTemplate} turns a subdomain into the customer's site URL
 * ({@code {subdomain}} is replaced); {@code deadline} is how long a signup may take before it fails with stage
 * TIMEOUT, {@code deadlineGrace} how long after it the TIMEOUT is emitted (so in-flight outcomes land first).
 */
@ConfigurationProperties("benchline.signup")
public record SignupProperties(
        @DefaultValue("localhost") String siteDomain,
        @DefaultValue("http://{subdomain}.localhost:8000") String siteUrlTemplate,
        @DefaultValue("30m") Duration deadline,
        @DefaultValue("30s") Duration deadlineGrace,
        @DefaultValue("5s") Duration deadlineSweepInterval,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("16KB") DataSize maxRequestSize,
        @DefaultValue("1000") int maxInFlight,
        @DefaultValue("10s") Duration claimTimeout,
        @DefaultValue("3s") Duration statusVisibilityTimeout,
        @DefaultValue List<String> reservedSubdomains,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue Cors cors) {

    public String siteName(String subdomain) {
        return subdomain + "." + siteDomain;
    }

    public String siteUrl(String subdomain) {
        return siteUrlTemplate.replace("{subdomain}", subdomain);
    }

    /** Token bucket per client address for {@code POST /api/signups}: {@code capacity} signups per {@code period}. */
    public record RateLimit(
            @DefaultValue("10") int capacity,
            @DefaultValue("1m") Duration period) {}

    /** Origins of the frontend(s) allowed to call the API from a browser, e.g. {@code https://www.example.com}. */
    public record Cors(@DefaultValue List<String> allowedOrigins) {}
}
