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
 * {@code retryWindow} is how long after a failure an operator's RETRY may still re-send the original request (kept,
 * password sealed, only that long); {@code subdomainQuarantine} how long a deprovisioned tenant's subdomain stays
 * held after its {@code TenantDeleted}; {@code siteDropWait} how long a failed signup's subdomain waits at most for
 * the provisioner's report that it dropped the site the signup started (then it is released anyway, with a warning:
 * a bound for the cases where no report ever comes).
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
        @DefaultValue Cors cors,
        @DefaultValue EmailVerification emailVerification,
        @DefaultValue HandOff handOff,
        @DefaultValue("24h") Duration retryWindow,
        @DefaultValue("30d") Duration subdomainQuarantine,
        @DefaultValue("7d") Duration siteDropWait,
        @DefaultValue Canary canary) {

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

    /**
     * Proof that the signup's email address is the customer's: a 6-digit code mailed at POST time (from
     * {@code from}, through Spring Mail's {@code spring.mail.*}), valid for {@code codeTtl}, {@code maxAttempts}
     * wrong tries per code, a new code at most every {@code resendCooldown} and at most {@code maxCodes} codes; a
     * signup still unverified {@code window} after it was accepted fails and its site is removed. Only a keyed hash
     * of a code is kept: {@code codeKey} (base64, at least 32 bytes, the same on every instance), or, unset, a key
     * derived from the stream-access signing key.
     */
    public record EmailVerification(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("10m") Duration codeTtl,
            @DefaultValue("5") int maxAttempts,
            @DefaultValue("30s") Duration resendCooldown,
            @DefaultValue("5") int maxCodes,
            @DefaultValue("30m") Duration window,
            @DefaultValue("Benchline <no-reply@localhost>") String from,
            String codeKey) {

        @Override
        public String toString() {
            return "EmailVerification[enabled=" + enabled + ", codeTtl=" + codeTtl + ", maxAttempts=" + maxAttempts
                    + ", resendCooldown=" + resendCooldown + ", maxCodes=" + maxCodes + ", window=" + window
                    + ", from=" + from + ", codeKey=" + (codeKey == null ? "derived" : "redacted") + "]";
        }
    }

    /**
     * The customer's way into the new site: at most {@code maxKeys} one-time login keys per signup (the first
     * asked for ahead of the click), each awaited at most {@code keyTimeout}; {@code window} after the signup became
     * enterable, or past the keys, entering sends the customer to the site's login page instead.
     */
    public record HandOff(
            @DefaultValue("5") int maxKeys,
            @DefaultValue("10m") Duration window,
            @DefaultValue("10s") Duration keyTimeout) {}

    /**
     * Signups tagged as synthetic (the canary's): a request whose {@code X-Benchline-Canary} header hashes (SHA-256,
     * hex) to {@code tokenSha256}. Unset: every such header is refused.
     */
    public record Canary(String tokenSha256) {}

    /** Origins of the frontend(s) allowed to call the API from a browser, e.g. {@code https://www.example.com}. */
    public record Cors(@DefaultValue List<String> allowedOrigins) {}
}
