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

    /**
     * Token buckets, each refilled over {@code period}: {@code capacity} signups per client, {@code globalCapacity}
     * signups across all clients (the backstop when many addresses take part), {@code subdomainCheckCapacity} live
     * checks per client. A client is an IPv4 address or an IPv6 /64; forwarded headers name it only when the peer
     * is in {@code trustedProxies} (CIDR ranges, e.g. the ingress controller's pod network). At most
     * {@code maxTrackedClients} buckets per kind are kept; a quiet client's bucket is dropped once it would be full.
     */
    public record RateLimit(
            @DefaultValue("10") int capacity,
            @DefaultValue("1m") Duration period,
            @DefaultValue("300") int globalCapacity,
            @DefaultValue("60") int subdomainCheckCapacity,
            @DefaultValue List<String> trustedProxies,
            @DefaultValue("100000") int maxTrackedClients) {}

    /** Origins of the frontend(s) allowed to call the API from a browser, e.g. {@code https://www.example.com}. */
    public record Cors(@DefaultValue List<String> allowedOrigins) {}
}
